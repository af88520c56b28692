import type { AccountData } from './account.js';
import type { ResolvedEmulatorOptions } from './options.js';
import type { Query } from './query.js';
import type { World } from './world.js';

/** What a handler answers; the emulator adds `Content-Type` and `X-Request-Id`. */
export interface Reply {
  readonly status: number;
  /** A string is sent as is, anything else as JSON, undefined as an empty body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What a route handler gets: the caller's account, the world it lives in, the query, the request
 * body (text, '' when none) and the emulator's options.
 */
export interface HandlerContext {
  readonly account: AccountData;
  readonly world: World;
  readonly query: Query;
  readonly body: string;
  readonly options: ResolvedEmulatorOptions;
}

/** A 200 JSON reply. */
export function ok(body: unknown, headers?: Readonly<Record<string, string>>): Reply {
  return headers === undefined ? { status: 200, body } : { status: 200, body, headers };
}
