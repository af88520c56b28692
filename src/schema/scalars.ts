import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { builder } from './builder.js';

builder.addScalarType('DateTime', DateTimeResolver, {
  description:
    'A UTC instant in RFC 3339 form, such as `2024-05-01T10:15:30.000Z` (millisecond precision).',
});

builder.addScalarType('SafeInt', SafeIntResolver, {
  description:
    'A whole number between -(2^53-1) and 2^53-1. Used for byte sizes, which exceed the 32-bit `Int` range.',
});
