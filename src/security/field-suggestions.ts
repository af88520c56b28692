import type { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { isGraphQLError } from '../errors/public-error.js';

/**
 * Every "Did you mean …?" sentence graphql-js writes: field, argument, type and fragment-type
 * suggestions, and `Did you mean the enum value "SELF"?` in variable and literal errors.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** `message` without schema suggestions. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * Removes schema suggestions from validation errors and from errors raised while coercing
 * variables (execution), so that with introspection off an unknown name does not reveal the
 * names next to it. (graphql-armor's `blockFieldSuggestion` only sees validation errors, and
 * misses the enum-value form.)
 */
export function useHiddenFieldSuggestions(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (!valid && result.some(hasSuggestion)) setResult(result.map(hideSuggestion));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.some(hasSuggestion)) return;
          setResult({ ...result, errors: result.errors.map(hideSuggestion) });
        },
      };
    },
  };
}

function hasSuggestion(error: Error): boolean {
  SUGGESTION.lastIndex = 0;
  return SUGGESTION.test(error.message);
}

function hideSuggestion<E extends Error>(error: E): E | GraphQLError {
  if (!isGraphQLError(error) || !hasSuggestion(error)) return error;
  return createGraphQLError(withoutSuggestions(error.message), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
