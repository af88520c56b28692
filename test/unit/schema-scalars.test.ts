import { GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

const scalar = (name: string) => {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLScalarType)) throw new Error(`${name} is not a scalar`);
  return type;
};

describe('DateTime', () => {
  const dateTime = scalar('DateTime');

  it('serializes SWR instants to ISO strings in UTC with milliseconds', () => {
    expect(dateTime.serialize('2025-12-25T16:17:09Z')).toBe('2025-12-25T16:17:09.000Z');
    expect(dateTime.serialize('2025-12-25T16:17:09.5+08:00')).toBe('2025-12-25T08:17:09.500Z');
    expect(dateTime.serialize(new Date(Date.UTC(2024, 4, 1, 10, 15, 30)))).toBe(
      '2024-05-01T10:15:30.000Z',
    );
  });

  it('refuses what is not an RFC 3339 instant', () => {
    for (const value of ['2025-12-25', 'yesterday', '', true, {}]) {
      expect(() => dateTime.serialize(value)).toThrow(/DateTime cannot/);
    }
  });

  it('still parses variables and literals to dates', () => {
    expect(dateTime.parseValue('2025-12-25T16:17:09Z')).toEqual(new Date('2025-12-25T16:17:09Z'));
  });
});
