import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { builder } from './builder.js';

/** Most date-time strings whose parsed value `DateTime` remembers. */
const KNOWN_DATE_TIMES = 10_000;

/**
 * graphql-scalars' `DateTime`, remembering the instant of the strings it has serialized: every
 * listed item carries a few SWR timestamps, validated and parsed character by character on each
 * request otherwise, and the same items come back page after page. The result is the same `Date`
 * value as graphql-scalars returns; an invalid string is refused by graphql-scalars, as before.
 */
const DateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: serializeDateTime(),
});

function serializeDateTime() {
  const known = new Map<string, number>();
  return (value: unknown): Date => {
    if (typeof value !== 'string') return DateTimeResolver.serialize(value) as Date;
    const instant = known.get(value);
    if (instant !== undefined) return new Date(instant);
    const date = DateTimeResolver.serialize(value) as Date;
    if (known.size >= KNOWN_DATE_TIMES) known.clear();
    known.set(value, date.getTime());
    return date;
  };
}

builder.addScalarType('DateTime', DateTime, {
  description:
    'A UTC instant in RFC 3339 form, such as `2024-05-01T10:15:30.000Z` (millisecond precision).',
});

builder.addScalarType('SafeInt', SafeIntResolver, {
  description:
    'A whole number between -(2^53-1) and 2^53-1. Used for byte sizes, which exceed the 32-bit `Int` range.',
});
