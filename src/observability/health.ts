/** Why the gateway is not ready. */
export type NotReadyReason = 'shutting-down';

/**
 * Liveness and readiness, both about this process. Liveness is "the process answers"; readiness
 * is false from the start of shutdown. The shared SWR circuit breaker does not count: when SWR is
 * down every replica would turn unready together and leave the load balancer nowhere to send
 * requests. It is reported by the `swr_bff_breaker_state` gauge and a log line instead.
 */
export class HealthState {
  #shuttingDown = false;

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Flips `/readyz` to 503 for good; the first step of a graceful shutdown. */
  beginShutdown(): void {
    this.#shuttingDown = true;
  }

  /** `undefined` when ready, otherwise the reason. */
  notReadyReason(): NotReadyReason | undefined {
    return this.#shuttingDown ? 'shutting-down' : undefined;
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
