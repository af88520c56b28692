import type { Span } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { UpstreamCallEvent } from '../swr/observer.js';
import { type HealthState, livenessResponse, readinessResponse } from './health.js';
import type { GatewayMetrics, GraphQLRequestSummary } from './metrics.js';
import { requestIdOf } from './request-id.js';
import { logRequest, requestLoggerOf } from './request-log.js';
import type { GatewayTracing } from './tracing.js';

/** What is known about one GraphQL request while it runs. */
interface RequestRecord {
  readonly requestId: string;
  readonly startedAt: number;
  /** Set once the document parsed and validated and execution starts. */
  operation?: { type: string; name: string | null };
  /** SWR call attempts (retries and calls refused by the breaker included). */
  upstreamCalls: number;
  errorCodes: string[];
  readonly span: Span | undefined;
}

export interface RequestObservationOptions {
  logger: Logger;
  metrics: GatewayMetrics;
  tracing: GatewayTracing | undefined;
  health: HealthState;
}

/** The Yoga plugin and the upstream observer, sharing the records of the requests in flight. */
export interface RequestObservation {
  plugin: Plugin;
  /** Feed of every SWR attempt, with the request it belongs to (see `createContext`). */
  onCall(event: UpstreamCallEvent, request: Request): void;
}

const MAX_CODE_LENGTH = 64;

/**
 * Serves `/healthz`, `/readyz` and `/metrics`, and observes each GraphQL request with request-level
 * hooks only (none per field): one log line, the request metrics, the request span, and the
 * `X-Request-Id` response header.
 */
export function createRequestObservation(options: RequestObservationOptions): RequestObservation {
  const { logger, metrics, tracing, health } = options;
  const requestLogger = requestLoggerOf(logger);
  const records = new WeakMap<Request, RequestRecord>();

  const plugin: Plugin = {
    onRequest({ request, url, endResponse }) {
      switch (url.pathname) {
        case '/healthz':
          if (isRead(request)) endResponse(livenessResponse());
          return;
        case '/readyz':
          if (isRead(request)) endResponse(readinessResponse(health));
          return;
        case '/metrics':
          if (!isRead(request)) return;
          return metrics.registry.metrics().then((text) => {
            endResponse(
              new Response(text, {
                status: 200,
                statusText: 'OK',
                headers: { 'content-type': metrics.registry.contentType },
              }),
            );
          });
      }
    },
    onRequestParse({ request }) {
      // Only requests to the GraphQL endpoint get here (GraphiQL and other paths end earlier).
      const requestId = requestIdOf(request);
      records.set(request, {
        requestId,
        startedAt: performance.now(),
        errorCodes: [],
        upstreamCalls: 0,
        span: tracing?.startRequest(requestId, request.headers),
      });
      metrics.requestStarted();
    },
    onExecute({ args }) {
      const { request } = args.contextValue as { request?: Request };
      const record = request && records.get(request);
      if (record === undefined) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation === null || operation === undefined) return;
      record.operation = { type: operation.operation, name: operation.name?.value ?? null };
      if (record.span)
        tracing?.nameRequest(record.span, record.operation.type, record.operation.name);
    },
    onResultProcess({ request, result }) {
      const record = records.get(request);
      if (record === undefined) return;
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!('errors' in one) || !Array.isArray(one.errors)) continue;
        for (const error of one.errors) {
          const code: unknown = error?.extensions?.code;
          const text = typeof code === 'string' ? code.slice(0, MAX_CODE_LENGTH) : 'UNKNOWN';
          if (!record.errorCodes.includes(text)) record.errorCodes.push(text);
        }
      }
    },
    onResponse({ request, response }) {
      const record = records.get(request);
      if (record === undefined) return;
      records.delete(request);
      try {
        response.headers.set('X-Request-Id', record.requestId);
      } catch {
        // Immutable headers (e.g. Response.error()): the id is still in the log line.
      }
      if (record.errorCodes.length === 0 && response.status >= 400) {
        record.errorCodes.push(`HTTP_${response.status}`);
      }
      const summary: GraphQLRequestSummary = {
        operation: record.operation?.name ?? null,
        validated: record.operation !== undefined,
        outcome: record.errorCodes.length === 0 ? 'ok' : 'error',
        errorCodes: record.errorCodes,
        durationMs: performance.now() - record.startedAt,
        upstreamCalls: record.upstreamCalls,
      };
      metrics.requestFinished(summary);
      if (record.span) tracing?.finishRequest(record.span, summary, response.status);
      logRequest(requestLogger, {
        ...summary,
        requestId: record.requestId,
        operationType: record.operation?.type ?? null,
        status: response.status,
      });
    },
  };

  return {
    plugin,
    onCall(event, request) {
      metrics.upstreamCall(event);
      const record = records.get(request);
      if (record === undefined) return;
      record.upstreamCalls++;
      if (record.span) tracing?.upstreamCall(record.span, event);
    },
  };
}

function isRead(request: Request): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}
