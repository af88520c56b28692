import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { publicError } from '../errors/public-error.js';

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
      onReject: [refuseWith(ErrorCode.QUERY_TOO_DEEP)],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [refuseWith(ErrorCode.TOO_MANY_ALIASES)],
    },
    maxTokens: {
      n: limits.maxTokens,
      propagateOnRejection: false,
      onReject: [refuseWith(ErrorCode.TOO_MANY_TOKENS)],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [refuseWith(ErrorCode.TOO_MANY_DIRECTIVES)],
    },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/**
 * An armor rejection handler. During validation it reports a coded error; while parsing (the
 * token limit, where armor passes no validation context) it throws one, which aborts the parse.
 */
function refuseWith(code: ErrorCode) {
  return (context: ValidationContext | null, rejection: GraphQLError): void => {
    const error = publicError(code, rejection.message.replace(/^Syntax Error:\s*/, ''));
    if (context === null) throw error;
    context.reportError(error);
  };
}
