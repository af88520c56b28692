import { randomUUID } from 'node:crypto';
import { abortableDelay } from '../abortable-delay.js';
import type { AccountData, EmulatorAccount } from './account.js';
import { apigErrorBody, SwrError, swrErrorBody } from './errors.js';
import { createFaultRegistry, type Fault, type FaultController } from './faults.js';
import { type EmulatorRequest, type Outcome, registerCore } from './internals.js';
import { type EmulatorOptions, resolveOptions } from './options.js';
import { toResponse } from './outcome-response.js';
import type { Query } from './query.js';
import type { Reply } from './reply.js';
import { type EmulatorRoute, matchRequest, type RouteMatch } from './routes.js';
import { createThrottle } from './throttle.js';
import { World } from './world.js';

export type { EmulatorAccount, ShareCenter } from './account.js';
export { accountNameOfToken, DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts.js';
export type { Fault, FaultController, FaultTarget } from './faults.js';
export type { ContentRangeStyle, EmulatorOptions, ThrottleOptions } from './options.js';
export type { EmulatorRoute } from './routes.js';
export { SHARE_DESCRIPTION_MAX_LENGTH } from './share-body.js';

/** Largest request body read, in bytes; a larger one → 413 `SVCSTG.SWR.4131001`. */
export const MAX_BODY_BYTES = 64 * 1024;

/** One call the emulator received. */
export interface EmulatorCall {
  /** The operation, or `unknown` for a path (or a method other than GET) it does not serve. */
  readonly route: EmulatorRoute | 'unknown';
  /** Upper-case HTTP method. */
  readonly method: string;
  /** URL path as received (still percent-encoded, `$` not decoded). */
  readonly path: string;
  /** Query parameters (the last value wins for a repeated name). */
  readonly query: Readonly<Record<string, string>>;
  /** The `X-Auth-Token` header, or null. */
  readonly token: string | null;
  /** The incoming `X-Request-Id` header, or null. */
  readonly requestId: string | null;
  /** Status answered; 0 while in flight, for a dropped connection, or an aborted request. */
  readonly status: number;
  /** The request body as text, for a method other than GET (set once read). */
  readonly body?: string;
}

/** Which calls `callCount` counts: every given field must match. */
export interface CallFilter {
  readonly route?: EmulatorRoute | 'unknown';
  /** Upper-case HTTP method. */
  readonly method?: string;
}

/** An SWR API emulator: an in-process fetch handler with a call log and fault injection. */
export interface Emulator {
  /**
   * In-process fetch handler: pass it as ky's or fetch's `fetch`. Takes the arguments of global
   * fetch, for any origin.
   */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** Every call received, in order (including refused ones). */
  readonly calls: readonly EmulatorCall[];
  /** Number of calls, optionally only those of one route, or those a filter matches. */
  callCount(filter?: EmulatorRoute | CallFilter): number;
  /** Empties the call log and resets `maxInFlight` to the calls in flight now. */
  resetCalls(): void;
  /** Calls being handled right now. */
  readonly inFlight: number;
  /** The most calls handled at once since the last `resetCalls`. */
  readonly maxInFlight: number;
  /** Injects delays, error responses and broken connections. */
  readonly faults: FaultController;
  /**
   * The emulator's own data for a token (for tests that compare with the gateway); the account
   * joins the world if it had not yet.
   */
  account(token: string): EmulatorAccount;
  /** An account that has joined the world, by its account (domain) name. */
  accountNamed(name: string): EmulatorAccount | undefined;
}

type MutableCall = { -readonly [K in keyof EmulatorCall]: EmulatorCall[K] };

const JSON_TYPE = 'application/json';
const MALFORMED_BODY = '[{"name":"nginx","namespace":<html>502 Bad Gateway</html>';

function serialize(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function readInput(input: Request | string | URL, init?: RequestInit): EmulatorRequest {
  if (typeof input === 'string' || input instanceof URL) {
    const headers = new Headers(init?.headers);
    return {
      method: init?.method ?? 'GET',
      url: new URL(input),
      header: (name) => headers.get(name),
      text: () => new Response(init?.body ?? null).text(),
      signal: init?.signal ?? undefined,
    };
  }
  const request =
    init === undefined || Object.keys(init).length === 0 ? input : new Request(input, init);
  return {
    method: request.method,
    url: new URL(request.url),
    header: (name) => request.headers.get(name),
    text: () => request.text(),
    signal: request.signal,
  };
}

/**
 * Creates an SWR emulator: a world of accounts (see `World`). Any non-empty token except `expired`
 * signs in as an account whose data is derived deterministically from the token, and whose name
 * follows `accountNameOfToken`. GET is served on
 * every read route, POST/PATCH/DELETE on the access-domain routes; another method or an unknown
 * path gets 404 `SVCSTG.SWR.4040083` and is logged with route `unknown`. State lives in the
 * instance only.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const config = resolveOptions(options);
  const world = new World(config);
  const faults = createFaultRegistry();
  const throttle = config.throttle && createThrottle(config.throttle);
  let calls: MutableCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const account = (token: string): AccountData => world.account(token);

  const swrError = (error: SwrError): Reply => ({
    status: error.status,
    body: swrErrorBody(error.code, error.message, error.shape ?? config.errorShape),
  });

  const refuseToken = (requestId: string): Reply =>
    config.authErrorShape === 'apig'
      ? {
          status: 401,
          body: apigErrorBody(
            'APIGW.0301',
            'Incorrect IAM authentication information: decrypt token fail',
            requestId,
          ),
        }
      : swrError(new SwrError(401, 'SVCSTG.SWR.4010000', 'Authentication failed'));

  const refuseThrottled = (requestId: string, message: string): Reply =>
    config.throttle?.mode === 'swr-403'
      ? swrError(new SwrError(403, 'SVCSTG.SWR.4031042', 'There are too many requests'))
      : { status: 429, body: apigErrorBody('APIG.0308', message, requestId) };

  const route = (
    match: RouteMatch | undefined,
    token: string,
    query: Query,
    body: string,
  ): Reply => {
    try {
      if (match === undefined) {
        throw new SwrError(404, 'SVCSTG.SWR.4040083', 'The requested URL was not found');
      }
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
        throw new SwrError(413, 'SVCSTG.SWR.4131001', 'The request body is too large');
      }
      return match.handle({ account: account(token), world, query, body, options: config });
    } catch (error) {
      if (error instanceof SwrError) return swrError(error);
      const message = error instanceof Error ? error.message : String(error);
      return swrError(new SwrError(500, 'SVCSTG.SWR.5000001', `Internal error: ${message}`));
    }
  };

  const respond = async (
    request: EmulatorRequest,
    call: MutableCall,
    match: RouteMatch | undefined,
  ): Promise<Outcome> => {
    const requestId = randomUUID();
    const headers: Record<string, string> = {
      'Content-Type': JSON_TYPE,
      'X-Request-Id': requestId,
    };
    const answer = (reply: Reply): Outcome => ({
      kind: 'response',
      status: reply.status,
      headers: reply.headers ? { ...headers, ...reply.headers } : headers,
      body: serialize(reply.body),
    });
    const { token } = call;
    if (token === null || token.trim() === '' || token === 'expired') {
      return answer(refuseToken(requestId));
    }
    if (throttle?.exceeded(token)) return answer(refuseThrottled(requestId, throttle.message));
    const handled = () => answer(route(match, token, call.query, call.body ?? ''));
    const fault: Fault | undefined = faults.take(call);
    if (fault === undefined) return handled();
    if (fault.afterApply) {
      const applied = handled();
      return misbehave(fault, () => applied);
    }
    return misbehave(fault, handled);

    async function misbehave(fault: Fault, normal: () => Outcome): Promise<Outcome> {
      if (fault.delayMs !== undefined && fault.delayMs > 0) {
        await abortableDelay(fault.delayMs, request.signal);
      }
      if (fault.kind === 'reset') return { kind: 'reset' };
      if (fault.kind === 'malformed-json') return answer({ status: 200, body: MALFORMED_BODY });
      if (fault.kind === undefined && fault.response !== undefined) return answer(fault.response);
      const outcome = normal();
      if (fault.kind === 'truncate' && outcome.kind === 'response') {
        return { kind: 'truncate', headers: outcome.headers, body: outcome.body };
      }
      return outcome;
    }
  };

  const handle = async (request: EmulatorRequest): Promise<Outcome> => {
    const method = request.method.toUpperCase();
    const path = request.url.pathname;
    const match = matchRequest(method, path);
    const call: MutableCall = {
      route: match?.route ?? 'unknown',
      method,
      path,
      query: Object.fromEntries(request.url.searchParams),
      token: request.header('x-auth-token'),
      requestId: request.header('x-request-id'),
      status: 0,
    };
    calls.push(call);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (method !== 'GET' && method !== 'HEAD') call.body = await request.text(MAX_BODY_BYTES);
      const outcome = await respond(request, call, match);
      call.status =
        outcome.kind === 'response' ? outcome.status : outcome.kind === 'truncate' ? 200 : 0;
      return outcome;
    } finally {
      inFlight--;
    }
  };

  const emulator: Emulator = {
    fetch: async (input, init) => toResponse(await handle(readInput(input, init))),
    get calls() {
      return calls;
    },
    callCount: (filter) => {
      if (filter === undefined) return calls.length;
      const { route, method } = typeof filter === 'string' ? { route: filter } : filter;
      return calls.filter(
        (call) =>
          (route === undefined || call.route === route) &&
          (method === undefined || call.method === method.toUpperCase()),
      ).length;
    },
    resetCalls() {
      calls = [];
      maxInFlight = inFlight;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    faults: { inject: faults.inject, clear: faults.clear },
    account,
    accountNamed: (name) => world.accountNamed(name),
  };
  registerCore(emulator, handle);
  return emulator;
}
