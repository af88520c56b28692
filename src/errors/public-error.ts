import type { ASTNode, GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { ErrorCode } from './codes.js';

/** What a client-visible error may carry besides its code. */
export interface PublicErrorOptions {
  /** More `extensions` next to `code` (e.g. `argument`, `upstream`, yoga's `http`). */
  extensions?: Record<string, unknown>;
  /** The document nodes the error is about (validation rules). */
  nodes?: ASTNode | readonly ASTNode[];
}

/**
 * The one constructor of client-visible errors: a `GraphQLError` with a stable `extensions.code`.
 * Built with graphql-yoga's `createGraphQLError`, so it is an instance of the `GraphQLError` class
 * yoga checks even where `graphql` is loaded twice (vitest); test for it with
 * {@link isGraphQLError}, never with `instanceof`.
 */
export function publicError(
  code: ErrorCode,
  message: string,
  options: PublicErrorOptions = {},
): GraphQLError {
  const { extensions, ...rest } = options;
  return createGraphQLError(message, { ...rest, extensions: { code, ...extensions } });
}

/** A `BAD_USER_INPUT` error for input the gateway refuses before calling SWR. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return publicError('BAD_USER_INPUT', message, argument ? { extensions: { argument } } : {});
}

/** An `UNAUTHENTICATED` error for a request without a usable token. */
export function unauthenticated(message: string): GraphQLError {
  return publicError('UNAUTHENTICATED', message);
}

/**
 * True for a `GraphQLError` from any copy of `graphql`. Realm-safe: under vitest, `graphql` can be
 * loaded twice (ESM for sources, CJS for yoga), and `instanceof` then says no.
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return Object.prototype.toString.call(error) === '[object GraphQLError]';
}

/** The `extensions.code` of a client-visible error; `undefined` for anything else. */
export function errorCodeOf(error: unknown): unknown {
  return isGraphQLError(error) ? error.extensions.code : undefined;
}
