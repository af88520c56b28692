import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import { DEFAULT_HTTP_SERVER_LIMITS, type HttpServerLimits } from './config.js';
import { keepRepeatedAuthorization } from './repeated-authorization.js';

/** How `RunningServer.close` went. */
export interface CloseResult {
  /** True when every request in flight finished within the timeout. */
  drained: boolean;
  /** Requests still running at the timeout, whose connections were destroyed. */
  abandoned: number;
}

/** A listening gateway. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  server: Server;
  /** HTTP requests being served right now. */
  readonly inFlight: number;
  /**
   * Graceful stop: flips `/readyz` to 503, stops accepting connections, closes idle keep-alive
   * connections (and every other one as soon as its response is sent), and waits for the requests
   * in flight. After `timeoutMs` the connections still open are destroyed, which aborts their
   * requests. Calling it again returns the same promise.
   */
  close(options?: { timeoutMs?: number }): Promise<CloseResult>;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/** Most time between two checks of node:http's header and request timeouts. */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * Serves `app` over node:http. Port 0 picks a free port. `limits` (default: the documented
 * defaults) bound slow and idle clients: a request whose headers or whole body arrive too slowly
 * gets 408 and its connection is closed, an idle keep-alive connection is closed, and connections
 * above the cap are closed on arrival.
 */
export function listen(
  app: App,
  options: { port: number; host: string; limits?: HttpServerLimits },
): Promise<RunningServer> {
  const limits = options.limits ?? DEFAULT_HTTP_SERVER_LIMITS;
  const server = createServer({
    headersTimeout: limits.httpHeadersTimeoutMs,
    requestTimeout: limits.httpReceiveTimeoutMs,
    keepAliveTimeout: limits.httpKeepAliveTimeoutMs,
    // node:http looks for expired requests at this interval (30 s by default), which bounds how
    // late a timeout acts.
    connectionsCheckingInterval: Math.min(
      MAX_TIMEOUT_CHECK_INTERVAL_MS,
      Math.ceil(limits.httpHeadersTimeoutMs / 4),
    ),
  });
  server.maxConnections = limits.httpMaxConnections;
  const active = new Set<ServerResponse>();
  let draining = false;
  let closing: Promise<CloseResult> | undefined;

  // Registered before the app, so that it sees every response before its headers are written.
  server.on('request', (req, res) => {
    keepRepeatedAuthorization(req);
    active.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      active.delete(res);
      // The connection turns idle once the response is done; close it then.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  server.on('request', app.yoga);

  const close = async (timeoutMs: number): Promise<CloseResult> => {
    app.observability.health.beginShutdown();
    draining = true;
    // Responses not yet started will tell their clients that the connection ends with them.
    for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((done) => {
      timer = setTimeout(() => done('expired'), timeoutMs);
    });
    const outcome = await Promise.race([closed, expired]);
    clearTimeout(timer);
    if (outcome !== 'expired') return { drained: true, abandoned: 0 };
    const abandoned = active.size;
    server.closeAllConnections();
    await closed;
    return { drained: abandoned === 0, abandoned };
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        server,
        get inFlight() {
          return active.size;
        },
        close: (closeOptions = {}) => {
          closing ??= close(closeOptions.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
          return closing;
        },
      });
    });
  });
}
