import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { SecurityErrorCode } from './error-codes.js';

/** The shape limits, from `MAX_DEPTH`, `MAX_ALIASES`, `MAX_TOKENS` and `MAX_DIRECTIVES`. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/**
 * graphql-armor's shape limits, refusing with our own stable codes instead of armor's bare
 * "Syntax Error: …" (which has no code and would read as `GRAPHQL_VALIDATION_FAILED`).
 *
 * - Depth counts every field level, and every fragment (spread or inline) as a level too, so
 *   a pile of nested `... on Query` is as deep as it looks. Introspection (`__schema`) is left to
 *   `introspection.ts`, which measures it against limits that GraphiQL's own query fits.
 * - Tokens are counted while parsing: a document over the limit is never fully parsed.
 * - armor's cost limit and field-suggestion masking are off: cost is computed from paging
 *   arguments in `query-cost.ts`, and suggestions are handled in `field-suggestions.ts`.
 */
export function useQueryLimits(limits: QueryLimits): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: {
      n: limits.maxDepth,
      flattenFragments: false,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [refuseWith(SecurityErrorCode.QUERY_TOO_DEEP)],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [refuseWith(SecurityErrorCode.TOO_MANY_ALIASES)],
    },
    maxTokens: {
      n: limits.maxTokens,
      propagateOnRejection: false,
      onReject: [refuseWith(SecurityErrorCode.TOO_MANY_TOKENS)],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [refuseWith(SecurityErrorCode.TOO_MANY_DIRECTIVES)],
    },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/**
 * An armor rejection handler. During validation it reports a coded error; while parsing (the
 * token limit, where armor passes no validation context) it throws one, which aborts the parse.
 */
function refuseWith(code: SecurityErrorCode) {
  return (context: ValidationContext | null, rejection: GraphQLError): void => {
    const error = createGraphQLError(rejection.message.replace(/^Syntax Error:\s*/, ''), {
      extensions: { code },
    });
    if (context === null) throw error;
    context.reportError(error);
  };
}
