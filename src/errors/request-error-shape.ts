import { getOperationAST, getVariableValues } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from './codes.js';
import { isGraphQLError, publicError } from './public-error.js';

/**
 * Gives the request errors that graphql-js and yoga leave without a stable shape one:
 * - variables that do not coerce (`$n: Int` sent `"x"`) are refused before execution with
 *   `BAD_USER_INPUT` (`extensions.argument` names the variable), status 400 under
 *   `application/graphql-response+json`, graphql-js's message kept;
 * - `extensions.originalError`, which yoga's request parser echoes for an invalid JSON body in
 *   every environment, is left out of every response.
 */
export function useCodedRequestErrors(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const { errors } = getVariableValues(
        args.schema,
        operation.variableDefinitions,
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      if (!errors) return;
      setResultAndStopExecution({
        errors: errors.map((error) =>
          publicError(ErrorCode.BAD_USER_INPUT, error.message, {
            nodes: error.nodes,
            extensions: {
              ...variableOf(error.message),
              http: { status: 400, spec: true },
            },
          }),
        ),
      });
    },
    onResultProcess({ result }) {
      for (const item of Array.isArray(result) ? result : [result]) {
        const errors = (item as { errors?: unknown[] }).errors;
        for (const error of errors ?? []) {
          if (isGraphQLError(error)) hideOriginalError(error.extensions);
        }
      }
    },
  };
}

function variableOf(message: string): { argument?: string } {
  const name = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(message)?.[1];
  return name ? { argument: name } : {};
}

/**
 * Makes `extensions.originalError` non-enumerable: yoga's serializer copies enumerable extensions
 * only, so the client never sees it, while yoga's status rule still finds it (it answers 400, not
 * 200, under `application/json` for an error that has a non-GraphQL original).
 */
function hideOriginalError(extensions: Record<string, unknown>): void {
  const descriptor = Object.getOwnPropertyDescriptor(extensions, 'originalError');
  if (!descriptor?.enumerable || !descriptor.configurable) return;
  Object.defineProperty(extensions, 'originalError', { ...descriptor, enumerable: false });
}
