import { GraphQLError } from 'graphql';
import { ErrorCode } from './swr/error-codes.js';

/** A `BAD_USER_INPUT` error for input the gateway refuses before calling SWR. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: argument
      ? { code: ErrorCode.BAD_USER_INPUT, argument }
      : { code: ErrorCode.BAD_USER_INPUT },
  });
}

/** An `UNAUTHENTICATED` error for a request without a usable token. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}
