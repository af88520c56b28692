import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheKind } from '../cache/kinds.js';
import type { CacheObserver, CacheOperation } from '../cache/observer.js';
import type { CacheStatus } from '../cache/store.js';
import { ErrorCode } from '../errors/codes.js';
import type { UpstreamCallEvent } from '../swr/observer.js';
import type { BreakerState, BreakerStatus } from '../swr/resilience/breaker-status.js';
import { BoundedLabel } from './bounded-labels.js';
import type { ShareMutationName } from './share-audit.js';

/** What the request plugin reports once per GraphQL request. */
export interface GraphQLRequestSummary {
  /** Name of the operation, or null when anonymous. Only meaningful when `validated`. */
  operation: string | null;
  /** True when the document parsed and validated (only then does the name become a label). */
  validated: boolean;
  outcome: 'ok' | 'error';
  /** Distinct `extensions.code` values of the errors, in order of appearance. */
  errorCodes: readonly string[];
  durationMs: number;
  upstreamCalls: number;
}

export interface GatewayMetricsOptions {
  /** The circuit breaker to report as `swr_bff_breaker_state`, read at scrape time. */
  breaker?: () => BreakerStatus | undefined;
  /** The SWR cache, read at scrape time for `swr_bff_cache_memory_bytes` and `_entries`. */
  cache?: () => CacheStatus | undefined;
  /**
   * Most distinct operation names kept as label values; later new names are counted as `__other`.
   * @default 100
   */
  maxOperationNames?: number;
}

/** Label values that are not operation names. (Names starting with `__` are reserved in GraphQL.) */
export const OPERATION_INVALID = '__invalid';
export const OPERATION_ANONYMOUS = '__anonymous';
export const OPERATION_OTHER = '__other';
const MAX_NAME_LENGTH = 100;

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/** yoga's codes for a document that does not parse or validate, which `ErrorCode` leaves to it. */
const GRAPHQL_DOCUMENT_ERROR_CODES = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'];
/** Error codes admitted as label values from the start: every `ErrorCode`, and yoga's own. */
const KNOWN_ERROR_CODES: readonly string[] = [
  ...Object.values(ErrorCode),
  ...GRAPHQL_DOCUMENT_ERROR_CODES,
];

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
const CALLS_BUCKETS = [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64];

/**
 * The gateway's Prometheus metrics, in a registry of their own (not prom-client's global one), so
 * several apps in one process do not collide. Every label has a bounded set of values.
 */
export class GatewayMetrics implements CacheObserver {
  readonly registry = new Registry();
  readonly #operations: BoundedLabel;
  readonly #errorCodes = new BoundedLabel(
    KNOWN_ERROR_CODES.length + 20,
    'OTHER',
    KNOWN_ERROR_CODES,
  );
  readonly #routes = new BoundedLabel(50, 'other');
  readonly #requests: Counter<'operation' | 'outcome'>;
  readonly #requestErrors: Counter<'operation' | 'code'>;
  readonly #requestDuration: Histogram<'operation' | 'outcome'>;
  readonly #requestUpstreamCalls: Histogram<'operation'>;
  readonly #inFlight: Gauge;
  readonly #upstreamCalls: Counter<'route' | 'status' | 'outcome'>;
  readonly #upstreamDuration: Histogram<'route' | 'status'>;
  readonly #cacheLookups: Counter<'kind' | 'outcome'>;
  readonly #cacheRoundTrips: Counter<'operation'>;
  readonly #cacheErrors: Counter<'operation'>;
  readonly #shareMutations: Counter<'operation' | 'code'>;

  constructor(options: GatewayMetricsOptions = {}) {
    const registers = [this.registry];
    this.#operations = new BoundedLabel(options.maxOperationNames ?? 100, OPERATION_OTHER);
    this.#requests = new Counter({
      name: 'swr_bff_graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome (ok or error).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.#requestErrors = new Counter({
      name: 'swr_bff_graphql_errors_total',
      help: 'GraphQL requests that answered an error with this extensions.code (once per code and request).',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.#requestDuration = new Histogram({
      name: 'swr_bff_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to having its response ready.',
      labelNames: ['operation', 'outcome'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.#requestUpstreamCalls = new Histogram({
      name: 'swr_bff_graphql_request_upstream_calls',
      help: 'SWR call attempts (retries included) made by one GraphQL request.',
      labelNames: ['operation'],
      buckets: CALLS_BUCKETS,
      registers,
    });
    this.#inFlight = new Gauge({
      name: 'swr_bff_graphql_requests_in_flight',
      help: 'GraphQL requests being processed now.',
      registers,
    });
    this.#upstreamCalls = new Counter({
      name: 'swr_bff_upstream_calls_total',
      help: 'SWR call attempts by client method, HTTP status ("none" without a response) and outcome.',
      labelNames: ['route', 'status', 'outcome'],
      registers,
    });
    this.#upstreamDuration = new Histogram({
      name: 'swr_bff_upstream_call_duration_seconds',
      help: 'Duration of one SWR call attempt by client method and HTTP status.',
      labelNames: ['route', 'status'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.#cacheLookups = new Counter({
      name: 'swr_bff_cache_lookups_total',
      help: 'SWR cache lookups by kind and outcome (hit, or miss including every cache failure).',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.#cacheRoundTrips = new Counter({
      name: 'swr_bff_cache_round_trips_total',
      help: 'Round trips to the cache backend: get (one MGET per tick), set and invalidate.',
      labelNames: ['operation'],
      registers,
    });
    this.#cacheErrors = new Counter({
      name: 'swr_bff_cache_errors_total',
      help: 'Cache operations that failed or timed out (served from SWR instead), and failed Redis connection attempts.',
      labelNames: ['operation'],
      registers,
    });
    this.#shareMutations = new Counter({
      name: 'swr_bff_share_mutations_total',
      help: 'Sharing mutations by operation and outcome code (OK, or the extensions.code of the error).',
      labelNames: ['operation', 'code'],
      registers,
    });
    const cache = options.cache;
    new Gauge({
      name: 'swr_bff_cache_memory_bytes',
      help: 'Approximate bytes held by the memory cache store (CACHE=memory).',
      registers,
      collect() {
        const usage = cache?.()?.usage;
        if (usage !== undefined) this.set(usage.bytes);
      },
    });
    new Gauge({
      name: 'swr_bff_cache_entries',
      help: 'Entries held by the memory cache store (CACHE=memory).',
      registers,
      collect() {
        const usage = cache?.()?.usage;
        if (usage !== undefined) this.set(usage.entries);
      },
    });
    const breaker = options.breaker;
    new Gauge({
      name: 'swr_bff_breaker_state',
      help: 'State of the SWR circuit breaker: 1 for the current state, 0 for the others.',
      labelNames: ['state'],
      registers,
      collect() {
        const current = breaker?.()?.state;
        if (current === undefined) return;
        for (const state of BREAKER_STATES) this.set({ state }, state === current ? 1 : 0);
      },
    });
  }

  /** The label value for an operation: its name when admitted, otherwise a reserved value. */
  operationLabel(summary: Pick<GraphQLRequestSummary, 'operation' | 'validated'>): string {
    if (!summary.validated) return OPERATION_INVALID;
    if (summary.operation === null) return OPERATION_ANONYMOUS;
    if (summary.operation.length > MAX_NAME_LENGTH) return OPERATION_OTHER;
    return this.#operations.of(summary.operation);
  }

  requestStarted(): void {
    this.#inFlight.inc();
  }

  requestFinished(summary: GraphQLRequestSummary): void {
    this.#inFlight.dec();
    const operation = this.operationLabel(summary);
    this.#requests.inc({ operation, outcome: summary.outcome });
    this.#requestDuration.observe(
      { operation, outcome: summary.outcome },
      summary.durationMs / 1000,
    );
    this.#requestUpstreamCalls.observe({ operation }, summary.upstreamCalls);
    for (const code of summary.errorCodes) {
      this.#requestErrors.inc({ operation, code: this.#errorCodes.of(code) });
    }
  }

  upstreamCall(event: UpstreamCallEvent): void {
    const route = /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(event.route)
      ? this.#routes.of(event.route)
      : 'other';
    const status = statusLabel(event.status);
    this.#upstreamCalls.inc({ route, status, outcome: event.outcome });
    this.#upstreamDuration.observe({ route, status }, event.durationMs / 1000);
  }

  /** One sharing mutation ended with `code` (`OK` on success). */
  shareMutation(operation: ShareMutationName, code: string): void {
    const label = code === 'OK' ? 'OK' : this.#errorCodes.of(code);
    this.#shareMutations.inc({ operation, code: label });
  }

  cacheLookup(kind: CacheKind, outcome: 'hit' | 'miss'): void {
    this.#cacheLookups.inc({ kind, outcome });
  }

  cacheRoundTrip(operation: Exclude<CacheOperation, 'connect'>): void {
    this.#cacheRoundTrips.inc({ operation });
  }

  cacheError(operation: CacheOperation): void {
    this.#cacheErrors.inc({ operation });
  }
}

function statusLabel(status: number | null): string {
  if (status === null) return 'none';
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'other';
}
