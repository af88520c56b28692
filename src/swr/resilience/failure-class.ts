import type { UpstreamError } from '../../errors/upstream-error.js';

/** SWR's "system busy, retry later" code, sent with HTTP 409. */
const SYSTEM_BUSY_CODES = new Set(['SVCSTG.SWR.4090023']);

/** SWR's own throttling codes, sent with HTTP 403 ("request too frequent"). */
const THROTTLING_CODES = new Set(['SVCSTG.SWR.4031032', 'SVCSTG.SWR.4031042']);

/**
 * True when SWR or its API gateway throttled the caller: 429 (the gateway's `APIG.0308`, per
 * user or per IP), or 403 `SVCSTG.SWR.4031032`/`4031042`.
 */
export function isThrottling(error: UpstreamError): boolean {
  if (error.kind !== 'http') return false;
  return (
    error.status === 429 || (error.status === 403 && THROTTLING_CODES.has(error.errorCode ?? ''))
  );
}

/** True for 409 `SVCSTG.SWR.4090023`: SWR is overloaded, the request itself is fine. */
export function isSystemBusy(status: number | undefined, errorCode: string | undefined): boolean {
  return status === 409 && SYSTEM_BUSY_CODES.has(errorCode ?? '');
}

/**
 * Failures worth another attempt of an idempotent call: the connection failed or broke mid-body
 * (`network`, which covers truncated bodies), one attempt timed out, SWR failed (5xx), was busy
 * (409 `SVCSTG.SWR.4090023`) or throttled (429). Never: other 4xx (the same request would fail
 * again), a 2xx body that does not parse (`bad-response`: the same bytes would come back), an
 * aborted call, or an open circuit.
 */
export function isRetryable(error: UpstreamError): boolean {
  return isHealthFailure(error) || (error.kind === 'http' && error.status === 429);
}

/**
 * Failures that say SWR itself is unhealthy, counted by the circuit breaker: network failures,
 * timeouts, 5xx and 409 "system busy". Not counted: 4xx answers, 429 included (throttling is per
 * caller, `policy user`/`policy ip`: one throttled user must not cut every user off), `bad-response`
 * (a healthy server answered; retrying or shedding load cannot fix it) and aborts (the caller went
 * away or ran out of time).
 */
export function isHealthFailure(error: UpstreamError): boolean {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'http': {
      const status = error.status ?? 0;
      return status >= 500 || isSystemBusy(status, error.errorCode);
    }
    default:
      return false;
  }
}
