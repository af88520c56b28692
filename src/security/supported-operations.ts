import type { ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { publicError } from '../errors/public-error.js';

/**
 * Refuses, at validation, an operation whose type the schema has no root type for (a
 * `subscription`, as the gateway serves none; a `mutation` while there is no `Mutation` type)
 * with `OPERATION_NOT_SUPPORTED`. graphql-js validates such a document and fails it only at
 * execution, with a plain error: HTTP 500 and stack traces at error level.
 */
export function useSupportedOperations(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(supportedOperationsRule);
    },
  };
}

export const supportedOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      publicError(
        ErrorCode.OPERATION_NOT_SUPPORTED,
        `This API serves no ${node.operation} operations.`,
        { nodes: node, extensions: { http: { status: 400, spec: true } } },
      ),
    );
  },
});
