import { type AlignedWindow, SWR_MAX_LIMIT } from '../swr/wire/window.js';

/**
 * Plans the upstream windows that cover the item range `[start, start + count)`.
 *
 * One window whenever an aligned window of at most `2 × count` items covers the range (the
 * smallest such window is chosen); otherwise two adjacent windows of `count` items, which always
 * cover it. Paging forward with a constant page size is therefore one call per page.
 */
export function planWindows(
  start: number,
  count: number,
  maxLimit = SWR_MAX_LIMIT,
): AlignedWindow[] {
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`bad start ${start}`);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`bad count ${count}`);
  if (count === 0) return [];
  if (count > maxLimit)
    throw new RangeError(`count ${count} exceeds the upstream limit ${maxLimit}`);

  const last = start + count - 1;
  const widest = Math.min(2 * count, maxLimit);
  for (let limit = count; limit <= widest; limit++) {
    const offset = Math.floor(start / limit) * limit;
    if (last < offset + limit) return [{ limit, offset }];
  }
  const offset = Math.floor(start / count) * count;
  return [
    { limit: count, offset },
    { limit: count, offset: offset + count },
  ];
}

/**
 * The smallest aligned window of at most `maxLimit` items that covers `[start, start + count)`
 * on its own; `null` when none does. Wider than `planWindows` allows, for a plan that has already
 * spent a call (the total of `last` without `before`) and must keep the rest to one call.
 */
export function planSingleWindow(
  start: number,
  count: number,
  maxLimit = SWR_MAX_LIMIT,
): AlignedWindow | null {
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`bad start ${start}`);
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`bad count ${count}`);
  for (let limit = count; limit <= maxLimit; limit++) {
    const offset = Math.floor(start / limit) * limit;
    if (start + count <= offset + limit) return { limit, offset };
  }
  return null;
}
