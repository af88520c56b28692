import { builder } from './builder.js';

/** Sort direction, shared by every `orderBy` input. */
export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { value: 'asc', description: 'Ascending: A to Z, oldest first, smallest first.' },
    DESC: { value: 'desc', description: 'Descending: Z to A, newest first, largest first.' },
  } as const,
});
