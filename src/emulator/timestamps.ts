/**
 * Fixed-clock timestamps. Data never depends on `Date.now()`: every time is an offset from
 * `REFERENCE_SECONDS`, which is also "now" when deciding whether a share has expired.
 */

/** 2026-01-01T00:00:00Z in Unix seconds: the emulator's fixed "now". */
export const REFERENCE_SECONDS = Date.UTC(2026, 0, 1) / 1000;

export const DAY_SECONDS = 86_400;

/** A point in time with nanosecond precision (SWR sends up to nine fractional digits). */
export interface Instant {
  readonly seconds: number;
  /** 0 = sent without a fractional part. */
  readonly nanos: number;
}

/** UTC RFC 3339 with `Z`, e.g. `2024-05-01T10:00:02Z` or `2024-05-01T10:00:02.542841141Z`. */
export function formatInstant(instant: Instant): string {
  const base = new Date(instant.seconds * 1000).toISOString().slice(0, 19);
  return instant.nanos === 0 ? `${base}Z` : `${base}.${String(instant.nanos).padStart(9, '0')}Z`;
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}
