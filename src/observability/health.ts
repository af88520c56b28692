import type { BreakerStatus } from '../swr/breaker-status.js';

/** Why the gateway is not ready. */
export type NotReadyReason = 'shutting-down' | 'breaker-open';

/**
 * Liveness and readiness. Liveness is "the process answers"; readiness is false while the SWR
 * circuit breaker is open (every call would fail fast anyway) and from the start of shutdown.
 */
export class HealthState {
  #shuttingDown = false;
  readonly #breaker: () => BreakerStatus | undefined;

  constructor(breaker: () => BreakerStatus | undefined = () => undefined) {
    this.#breaker = breaker;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Flips `/readyz` to 503 for good; the first step of a graceful shutdown. */
  beginShutdown(): void {
    this.#shuttingDown = true;
  }

  /** `undefined` when ready, otherwise the reason. */
  notReadyReason(): NotReadyReason | undefined {
    if (this.#shuttingDown) return 'shutting-down';
    if (this.#breaker()?.state === 'open') return 'breaker-open';
    return undefined;
  }
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

/** `GET /healthz`: 200 for as long as the process can answer. */
export function livenessResponse(): Response {
  return new Response('{"status":"ok"}', { status: 200, statusText: 'OK', headers: JSON_HEADERS });
}

/** `GET /readyz`: 200 when ready, 503 with the reason otherwise. No token, no SWR call. */
export function readinessResponse(health: HealthState): Response {
  const reason = health.notReadyReason();
  return reason === undefined
    ? new Response('{"status":"ready"}', { status: 200, statusText: 'OK', headers: JSON_HEADERS })
    : new Response(JSON.stringify({ status: 'unavailable', reason }), {
        status: 503,
        statusText: 'Service Unavailable',
        headers: JSON_HEADERS,
      });
}
