import type { Logger } from 'pino';
import { unauthenticated } from './errors/public-error.js';
import { RequestLoaders } from './loaders/request-loaders.js';
import { ShareWrites } from './loaders/share-writes.js';
import { requestIdOf } from './observability/request-id.js';
import type { ShareMutationAudit } from './observability/share-audit.js';
import type { CursorCodec } from './paging/cursor.js';
import { SwrClient } from './swr/client.js';
import type { UpstreamCallEvent, UpstreamObserver } from './swr/observer.js';
import type { SwrUpstream } from './swr/upstream.js';
import { readToken } from './token.js';

/** Everything one GraphQL request carries. Built fresh per request; nothing in it outlives it. */
export interface GatewayContext {
  /** Id of this request: the caller's `X-Request-Id` when it is sane, otherwise a new UUID. */
  readonly requestId: string;
  /** Logger bound to this request (never logs the token), created on first use. */
  log(): Logger;
  /** Signs and checks connection cursors. */
  readonly cursors: CursorCodec;
  /**
   * The only road to SWR: per-request DataLoaders, one per kind of call; every entity is fetched
   * at most once per request. Their SWR client is created on first use; without a usable token
   * a load fails with `UNAUTHENTICATED`, so a request without a token never reaches SWR.
   */
  readonly loaders: RequestLoaders;
  /**
   * The only road for writes to SWR (the sharing mutations): one function per kind of write,
   * each of which tells `loaders.onShareWritten` what it made stale.
   */
  readonly writes: ShareWrites;
  /** Writes the info audit line of one sharing mutation (with the request id) and counts it. */
  auditShareMutation(audit: ShareMutationAudit): void;
}

/** What the context factory needs from the app; shared by every request. */
export interface ContextDependencies {
  /** The app's SWR upstream (ky instance, circuit breaker, limits). */
  http: SwrUpstream;
  cursors: CursorCodec;
  log: Logger;
  /** Told about every SWR attempt, with the request it belongs to (metrics, traces). */
  onCall?: (event: UpstreamCallEvent, request: Request) => void;
  /** Told about every sharing mutation once it ended (metrics). */
  onShareMutation?: (audit: ShareMutationAudit) => void;
}

/** Builds the per-request context from the incoming request. */
export function createContext(request: Request, deps: ContextDependencies): GatewayContext {
  const requestId = requestIdOf(request);
  const { onCall: observe } = deps;
  const onCall: UpstreamObserver | undefined = observe && ((event) => observe(event, request));
  const { token, problem } = readToken(request.headers);
  let swr: SwrClient | undefined;
  const client = (): SwrClient => {
    if (token === null) {
      throw unauthenticated(
        problem ??
          'No token. Send your IAM token as "Authorization: Bearer <token>" or "X-Auth-Token: <token>".',
      );
    }
    swr ??= new SwrClient(deps.http, { token, requestId, signal: request.signal, onCall });
    return swr;
  };
  let log: Logger | undefined;
  const loaders = new RequestLoaders(client);
  const requestLog = (): Logger => {
    log ??= deps.log.child({ requestId });
    return log;
  };
  return {
    requestId,
    log: requestLog,
    auditShareMutation(audit) {
      requestLog().info({ audit: 'share', ...audit }, `${audit.operation} ${audit.outcome}`);
      try {
        deps.onShareMutation?.(audit);
      } catch {
        // A metrics bug must not fail the mutation.
      }
    },
    cursors: deps.cursors,
    loaders,
    writes: new ShareWrites(client, loaders),
  };
}
