import type { ErrorShape } from './errors.js';
import type { AccountSize } from './generate-account.js';
import { Rng } from './random.js';

/** How `Content-Range` is written on paged lists. */
export type ContentRangeStyle = 'count' | 'inclusive' | 'none';

/** Per-token rate limit (fixed window). */
export interface ThrottleOptions {
  /** Calls allowed per window and token. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /**
   * `apig-429`: 429 `APIG.0308` in the API Gateway shape, without Retry-After.
   * `swr-403`: 403 `SVCSTG.SWR.4031042` in the SWR error shape.
   * @default 'apig-429'
   */
  mode?: 'apig-429' | 'swr-403';
}

/** Switches for the behaviour the SWR documentation leaves open. */
export interface EmulatorOptions {
  /**
   * `count`: `Content-Range: {offset}-{count}/{total}` (the documented form).
   * `inclusive`: `{offset}-{offset+count-1}/{total}`; an empty page has the range `*` before
   * `/{total}`.
   * `none`: never send the header.
   * @default 'count'
   */
  contentRange?: ContentRangeStyle;
  /**
   * Put `total_range` on every item of the shared-repositories and repos lists.
   * @default true
   */
  totalRangeInItems?: boolean;
  /**
   * Shape of SWR error bodies: `array` = `[{"errorCode","errorMessage","detail"}]`,
   * `object` = `{"errorCode","errorMessage"}`, `errors` = `{"errors":[{"errorCode","errorMessage"}]}`.
   * The missing-share 400 (`SVCSTG.SWR.4001090`) is always a root object.
   * @default 'array'
   */
  errorShape?: ErrorShape;
  /**
   * Who refuses a missing, empty or `expired` token: `swr` = 401 `SVCSTG.SWR.4010000` in
   * `errorShape`, `apig` = 401 `{"error_code":"APIGW.0301","error_msg":…,"request_id":…}`.
   * @default 'swr'
   */
  authErrorShape?: 'swr' | 'apig';
  /**
   * When only one of `limit`/`offset` is given, ignore it instead of answering 400.
   * @default false
   */
  lenientPaging?: boolean;
  /**
   * Largest accepted `limit`; above it → 400.
   * @default 1000
   */
  maxLimit?: number;
  /**
   * How many shared repositories each center holds for a token.
   * @default a token `name#n` gets n per center; any other token between 80 and 110 per center,
   * derived from the token
   */
  accountSize?: (token: string) => AccountSize;
  /**
   * Per-token rate limit.
   * @default no limit
   */
  throttle?: ThrottleOptions;
  /**
   * The emulator's clock, in milliseconds since the epoch: decides whether a share written through
   * the API has expired, and stamps its `created`/`updated`. Tests pass a clock they can move.
   * Generated data does not use it: its times, and the status of its shares, are fixed relative to
   * 2026-01-01T00:00:00Z.
   * @default Date.now
   */
  now?: () => number;
}

/** Options with every default applied. */
export interface ResolvedEmulatorOptions {
  readonly contentRange: ContentRangeStyle;
  readonly totalRangeInItems: boolean;
  readonly errorShape: ErrorShape;
  readonly authErrorShape: 'swr' | 'apig';
  readonly lenientPaging: boolean;
  readonly maxLimit: number;
  readonly accountSize: (token: string) => AccountSize;
  readonly throttle: ThrottleOptions | undefined;
  readonly now: () => number;
}

/** The default `accountSize`: `bench#2500` → 2500 per center, otherwise 80–110 from the token. */
export function defaultAccountSize(token: string): AccountSize {
  const explicit = /#(\d+)$/.exec(token)?.[1];
  if (explicit !== undefined) {
    const count = Number(explicit);
    return { self: count, thirdparty: count };
  }
  const rng = new Rng(`swr-emulator-size:${token}`);
  return { self: rng.int(80, 110), thirdparty: rng.int(80, 110) };
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  return {
    contentRange: options.contentRange ?? 'count',
    totalRangeInItems: options.totalRangeInItems ?? true,
    errorShape: options.errorShape ?? 'array',
    authErrorShape: options.authErrorShape ?? 'swr',
    lenientPaging: options.lenientPaging ?? false,
    maxLimit: options.maxLimit ?? 1000,
    accountSize: options.accountSize ?? defaultAccountSize,
    throttle: options.throttle,
    now: options.now ?? Date.now,
  };
}
