import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from './emulator.js';
import { coreOf, type EmulatorRequest, type HandleRequest, type Outcome } from './internals.js';

/** Where the emulator listens. */
export interface EmulatorServerOptions {
  /**
   * TCP port; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to bind.
   * @default '127.0.0.1'
   */
  host?: string;
}

/** A running emulator server. */
export interface EmulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  readonly url: string;
  /** The port actually bound. */
  readonly port: number;
  /** Stops listening and destroys open (keep-alive) connections. */
  close(): Promise<void>;
}

/** Adapts an emulator that `createEmulator` did not make: no socket-level faults then. */
function viaFetch(emulator: Emulator): HandleRequest {
  return async (request) => {
    const headers = new Headers();
    for (const name of ['x-auth-token', 'x-request-id', 'content-type']) {
      const value = request.header(name);
      if (value !== null) headers.set(name, value);
    }
    const init: RequestInit = { method: request.method, headers };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      init.body = await request.text(Number.POSITIVE_INFINITY);
    }
    if (request.signal) init.signal = request.signal;
    const response = await emulator.fetch(request.url, init);
    return {
      kind: 'response',
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    };
  };
}

/** The body as text, keeping at most `limit` + 1 bytes and draining the rest. */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    req.on('data', (chunk: Buffer) => {
      if (kept > limit) return;
      const piece = chunk.subarray(0, limit + 1 - kept);
      chunks.push(piece);
      kept += piece.length;
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function toEmulatorRequest(req: IncomingMessage, signal: AbortSignal): EmulatorRequest {
  let body: Promise<string> | undefined;
  return {
    text: (limit) => {
      body ??= readText(req, limit);
      return body;
    },
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', 'http://emulator.local'),
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    },
    signal,
  };
}

function send(req: IncomingMessage, res: ServerResponse, outcome: Outcome): void {
  switch (outcome.kind) {
    case 'reset':
      req.socket.destroy();
      return;
    case 'truncate': {
      const body = Buffer.from(outcome.body);
      res.writeHead(200, { ...outcome.headers, 'Content-Length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    case 'response': {
      const body = Buffer.from(outcome.body);
      res.writeHead(outcome.status, { ...outcome.headers, 'Content-Length': body.length });
      res.end(body);
    }
  }
}

/**
 * Serves an emulator over HTTP (the `reset` and `truncate` faults act on the socket). Resolves
 * once listening; rejects if the port cannot be bound.
 */
export function startEmulatorServer(
  emulator: Emulator,
  options: EmulatorServerOptions = {},
): Promise<EmulatorServer> {
  const handle = coreOf(emulator) ?? viaFetch(emulator);
  const server = createServer((req, res) => {
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort(new Error('client went away'));
    });
    res.on('error', () => {});
    // Other methods' bodies are read by the core (`text`).
    if (req.method === 'GET' || req.method === 'HEAD') req.resume();
    handle(toEmulatorRequest(req, aborter.signal)).then(
      (outcome) => {
        if (!res.destroyed) send(req, res, outcome);
      },
      () => req.socket.destroy(),
    );
  });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
