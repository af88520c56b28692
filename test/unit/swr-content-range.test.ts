import { describe, expect, it } from 'vitest';
import { parseContentRangeTotal } from '../../src/swr/wire/content-range.js';

describe('parseContentRangeTotal', () => {
  it.each([
    ['0-9/57', 57],
    ['10-10/57', 57],
    ['10-19/57', 57],
    ['items 0-9/57', 57],
    ['bytes 0-9/57', 57],
    ['*/57', 57],
    ['0-0/0', 0],
    [' 0-2/3 ', 3],
    ['0 - 9 / 57', 57],
    ['0-99/9007199254740991', 9007199254740991],
  ])('reads the total of %j', (header, total) => {
    expect(parseContentRangeTotal(header)).toBe(total);
  });

  it.each([
    null,
    undefined,
    '',
    '0-9/*',
    '*/*',
    '57',
    '/57',
    '0-9/',
    '0-9/-5',
    '0-9/5.5',
    '0-9/1e3',
    '0-9/0x10',
    '-1-9/57',
    'a-b/57',
    '0-9/57, 0-9/57',
    '0-9/57 trailing',
    '0-9/99999999999999999999',
  ])('gives null for %j', (header) => {
    expect(parseContentRangeTotal(header)).toBeNull();
  });
});
