import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type DocumentNode,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { publicError } from '../errors/public-error.js';

/** The request header in which the router proves itself (`ROUTER_SECRET`). */
export const ROUTER_SECRET_HEADER = 'x-router-secret';

/** The federation field that prints the whole schema (`_service { sdl }`). */
const SERVICE_FIELD = '_service';

/**
 * With introspection off, `_service { sdl }` would still print the whole schema to anyone. It is
 * then served only to a caller that sends `X-Router-Secret` equal to `ROUTER_SECRET` (the router
 * or the composition tool, configured to send it); every other caller, and everyone while
 * `ROUTER_SECRET` is unset, gets `ROUTER_ONLY` before any resolver runs. With introspection on,
 * `_service` reveals nothing `__schema` does not, and stays open.
 *
 * `_entities` is not guarded: it reveals no schema, and reads, under the caller's own token, only
 * what `node(id:)` and `repository(…)` already serve to that token.
 *
 * Checked per execution (not as a validation rule) because the answer depends on a header, and
 * yoga caches validation per document.
 */
export function useRouterOnlyService(options: {
  introspection: boolean;
  routerSecret: string | undefined;
}): Plugin | null {
  if (options.introspection) return null;
  const expected = options.routerSecret === undefined ? undefined : digest(options.routerSecret);
  const selectsService = new WeakMap<DocumentNode, Map<string, boolean>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let byOperation = selectsService.get(args.document);
      if (byOperation === undefined) {
        byOperation = new Map();
        selectsService.set(args.document, byOperation);
      }
      const key = args.operationName ?? '';
      let selected = byOperation.get(key);
      if (selected === undefined) {
        const operation = getOperationAST(args.document, args.operationName);
        selected = operation ? selectsRootField(args.document, operation, SERVICE_FIELD) : false;
        if (operation) byOperation.set(key, selected);
      }
      if (!selected) return;
      const request = (args.contextValue as { request?: Request }).request;
      const presented = request?.headers.get(ROUTER_SECRET_HEADER);
      if (
        expected !== undefined &&
        presented != null &&
        timingSafeEqual(digest(presented), expected)
      ) {
        return;
      }
      setResultAndStopExecution({ errors: [routerOnly(expected !== undefined)] });
    },
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Whether `operation` selects the root field `name`, through inline fragments and spreads. */
function selectsRootField(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  name: string,
): boolean {
  const fragments = new Map(
    document.definitions
      .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment.selectionSet] as const),
  );
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      return fragment !== undefined && visit(fragment);
    });
  return visit(operation.selectionSet);
}

function routerOnly(secretConfigured: boolean) {
  const how = secretConfigured
    ? `send the \`X-Router-Secret\` header with the value of ROUTER_SECRET`
    : 'set ROUTER_SECRET and configure the router to send it as `X-Router-Secret`';
  return publicError(
    ErrorCode.ROUTER_ONLY,
    `\`_service\` answers only the federation router while GRAPHQL_INTROSPECTION=false: ${how}.`,
    // 200 for `application/json`, 403 under `application/graphql-response+json`.
    { extensions: { http: { status: 403, spec: true } } },
  );
}
