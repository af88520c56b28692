import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSingleWindow, planWindows } from '../../src/paging/windows.js';
import { isAligned } from '../../src/swr/wire/window.js';

/** True when some aligned window with count <= limit <= 2 * count covers [start, start + count). */
function oneWindowExists(start: number, count: number): boolean {
  for (let limit = count; limit <= 2 * count; limit++) {
    if (Math.floor(start / limit) === Math.floor((start + count - 1) / limit)) return true;
  }
  return false;
}

describe('planWindows', () => {
  it('serves every (offset, size) pair from aligned windows that cover it, in at most two calls', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 100 }), (start, count) => {
        const windows = planWindows(start, count);
        expect(windows.length).toBeGreaterThanOrEqual(1);
        expect(windows.length).toBeLessThanOrEqual(2);
        for (const window of windows) {
          expect(isAligned(window)).toBe(true);
          expect(window.limit).toBeLessThanOrEqual(2 * count);
        }
        const first = windows[0];
        const last = windows.at(-1);
        expect(first?.offset).toBeLessThanOrEqual(start);
        expect((last?.offset ?? 0) + (last?.limit ?? 0)).toBeGreaterThanOrEqual(start + count);
        if (windows.length === 2) {
          expect(windows[1]?.offset).toBe((first?.offset ?? 0) + (first?.limit ?? 0));
        }
        expect(windows.length === 1).toBe(oneWindowExists(start, count));
      }),
      { numRuns: 20_000 },
    );
  });

  it('picks the smallest single window, so over-fetch is minimal', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.integer({ min: 1, max: 100 }), (start, count) => {
        const [window, second] = planWindows(start, count);
        if (second || !window) return;
        for (let limit = count; limit < window.limit; limit++) {
          expect(Math.floor(start / limit)).not.toBe(Math.floor((start + count - 1) / limit));
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('costs exactly one window of the page size per page when paging forward', () => {
    for (const size of [1, 7, 20, 33, 100]) {
      for (let page = 0; page < 50; page++) {
        expect(planWindows(page * size, size)).toEqual([{ limit: size, offset: page * size }]);
      }
    }
  });

  it('plans nothing for an empty range', () => {
    expect(planWindows(40, 0)).toEqual([]);
  });

  it('uses two windows only when no window of at most twice the size covers the range', () => {
    expect(planWindows(19, 20)).toEqual([{ limit: 39, offset: 0 }]);
    expect(planWindows(11, 2)).toEqual([
      { limit: 2, offset: 10 },
      { limit: 2, offset: 12 },
    ]);
  });

  it('rejects ranges it cannot serve', () => {
    expect(() => planWindows(-1, 5)).toThrow(RangeError);
    expect(() => planWindows(0, 1.5)).toThrow(RangeError);
    expect(() => planWindows(0, 2000)).toThrow(RangeError);
  });
});

describe('planSingleWindow', () => {
  it('finds the smallest aligned window that covers a page alone, for lists of up to two million items', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2_000_000 }), fc.integer({ min: 1, max: 100 }), (start, count) => {
        const window = planSingleWindow(start, count);
        expect(window).not.toBeNull();
        if (!window) return;
        expect(isAligned(window)).toBe(true);
        expect(window.offset).toBeLessThanOrEqual(start);
        expect(window.offset + window.limit).toBeGreaterThanOrEqual(start + count);
        for (let limit = count; limit < window.limit; limit++) {
          expect(Math.floor(start / limit)).not.toBe(Math.floor((start + count - 1) / limit));
        }
      }),
      { numRuns: 5_000 },
    );
  });
});
