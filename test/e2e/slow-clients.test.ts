import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { HttpServerLimits } from '../../src/config.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

/** Small limits, so that each bound shows within a second. */
const LIMITS: HttpServerLimits = {
  httpHeadersTimeoutMs: 300,
  httpReceiveTimeoutMs: 600,
  httpKeepAliveTimeoutMs: 200,
  httpMaxConnections: 50,
};

/**
 * Far below the defaults of node:http (headers 60 s, request 300 s, keep-alive 5 s, no cap),
 * and far above the limits configured here plus their checking interval.
 */
const BOUND_MS = 3000;

let running: RunningServer | undefined;

afterEach(async () => {
  await running?.close({ timeoutMs: 100 });
  running = undefined;
});

async function start(limits: Partial<HttpServerLimits> = {}): Promise<RunningServer> {
  const emulator = createEmulator();
  const app = createApp(TEST_SETTINGS, { fetch: emulator.fetch });
  running = await listen(app, { port: 0, host: '127.0.0.1', limits: { ...LIMITS, ...limits } });
  return running;
}

/** A raw TCP client that records what it receives and when the server closes it. */
function rawClient(server: RunningServer) {
  const { port } = new URL(server.url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('error', () => {});
  const opened = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return {
    socket,
    received: () => received,
    connected: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
    /** Milliseconds from connect until the server closed the socket, or null past `BOUND_MS`. */
    async closedAfter(): Promise<number | null> {
      const outcome = await Promise.race([
        closed,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), BOUND_MS)),
      ]);
      return outcome === null ? null : outcome - opened;
    },
    /** Writes `chunks` one every `everyMs` until the socket closes. */
    dribble(chunks: string[], everyMs: number): void {
      let index = 0;
      const timer = setInterval(() => {
        const chunk = chunks[index++];
        if (chunk === undefined || socket.destroyed) return clearInterval(timer);
        socket.write(chunk);
      }, everyMs);
      socket.once('close', () => clearInterval(timer));
    },
  };
}

describe('slow and idle clients get 408 or a closed socket, bounded in time', () => {
  it('answers 408 to headers sent one line at a time (HTTP_HEADERS_TIMEOUT_MS)', async () => {
    const server = await start();
    const client = rawClient(server);
    await client.connected;
    client.socket.write('POST /graphql HTTP/1.1\r\nHost: gateway.test\r\n');
    client.dribble(
      Array.from({ length: 100 }, (_, i) => `X-Slow-${i}: 1\r\n`),
      100,
    );
    const after = await client.closedAfter();
    expect(after).not.toBeNull();
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 to a body sent one byte at a time (HTTP_RECEIVE_TIMEOUT_MS)', async () => {
    const server = await start();
    const client = rawClient(server);
    await client.connected;
    const body = JSON.stringify({ query: `{ __typename ${' '.repeat(200)}}` });
    client.socket.write(
      'POST /graphql HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n\r\n`,
    );
    client.dribble([...body], 50);
    const after = await client.closedAfter();
    expect(after).not.toBeNull();
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection (HTTP_KEEP_ALIVE_TIMEOUT_MS)', async () => {
    const server = await start();
    const client = rawClient(server);
    await client.connected;
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: gateway.test\r\n\r\n');
    const after = await client.closedAfter();
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(after).not.toBeNull();
  });

  it('serves a request sent promptly, under the same limits', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('drops connections above HTTP_MAX_CONNECTIONS and keeps serving the others', async () => {
    const server = await start({
      httpMaxConnections: 2,
      httpHeadersTimeoutMs: 10_000,
      httpReceiveTimeoutMs: 10_000,
      httpKeepAliveTimeoutMs: 10_000,
    });
    const first = rawClient(server);
    const second = rawClient(server);
    await Promise.all([first.connected, second.connected]);
    await expect.poll(() => connectionCount(server)).toBe(2);
    const third = rawClient(server);
    expect(await third.closedAfter()).not.toBeNull();
    expect(third.received()).toBe('');

    first.socket.write('GET /healthz HTTP/1.1\r\nHost: gateway.test\r\n\r\n');
    await expect.poll(() => first.received()).toMatch(/^HTTP\/1\.1 200 /);
    first.socket.destroy();
    second.socket.destroy();
  });
});

function connectionCount(server: RunningServer): Promise<number> {
  return new Promise((resolve, reject) =>
    server.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}
