import type { Logger } from 'pino';
import type { GraphQLRequestSummary } from './metrics.js';

/** The fields of the one log line written per GraphQL request (never the token, nor any header). */
export interface RequestLogFields {
  requestId: string;
  /** Operation name when the document parsed and validated and the operation is named. */
  operation: string | null;
  /** `query`, `mutation` or `subscription`; null when the document did not validate. */
  operationType: string | null;
  /** HTTP status of the response. */
  status: number;
  durationMs: number;
  /** SWR call attempts made for this request (retries included). */
  upstreamCalls: number;
  outcome: 'ok' | 'error';
  /** Distinct `extensions.code` values; only when `outcome` is `error`. */
  errorCodes?: readonly string[];
}

export const REQUEST_LOG_MESSAGE = 'graphql request';

/**
 * The logger for request lines: `logger` without its redaction. A request line has the fixed keys
 * of {@link RequestLogFields}, none of which a redaction path names, so redacting it never changes
 * it; it only costs (pino's redactor re-parses every path on every line: ~16 KB of garbage per
 * request, 7 % of the gateway's allocation in the benchmark). Every other line stays redacted.
 */
export function requestLoggerOf(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}

/** Writes the request's log line at `info` (skipped, without building it, above `info`). */
export function logRequest(
  logger: Logger,
  summary: GraphQLRequestSummary & {
    requestId: string;
    operationType: string | null;
    status: number;
  },
): void {
  if (!logger.isLevelEnabled('info')) return;
  const fields: RequestLogFields = {
    requestId: summary.requestId,
    operation: summary.validated ? summary.operation : null,
    operationType: summary.operationType,
    status: summary.status,
    durationMs: Math.round(summary.durationMs * 10) / 10,
    upstreamCalls: summary.upstreamCalls,
    outcome: summary.outcome,
  };
  if (summary.outcome === 'error') fields.errorCodes = summary.errorCodes;
  logger.info(fields, REQUEST_LOG_MESSAGE);
}
