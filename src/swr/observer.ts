/**
 * What the SWR client reports about each upstream attempt, for logs, metrics and traces. The
 * event never holds the token.
 */
export interface UpstreamCallEvent {
  /** Client method, e.g. `listSharedRepositories`: a bounded set, safe as a metric label. */
  route: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** HTTP status, or `null` when no response arrived. */
  status: number | null;
  outcome:
    | 'ok'
    | 'http-error'
    | 'timeout'
    | 'network'
    | 'aborted'
    | 'bad-response'
    | 'circuit-open'
    | 'throttled';
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** `performance.now()` when the attempt started, and its duration. */
  startedAt: number;
  durationMs: number;
  /** The gateway's request id. */
  requestId: string;
}

/** Receives every upstream attempt of one GraphQL request. */
export type UpstreamObserver = (event: UpstreamCallEvent) => void;
