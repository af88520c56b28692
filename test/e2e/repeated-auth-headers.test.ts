import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const BODY = JSON.stringify({
  query: '{ sharedRepositories(center: SELF, first: 1) { totalCount } }',
});

/**
 * Sends one POST with exactly these header lines over a raw socket: node:http's client and fetch
 * would merge or refuse repeated headers before they reach the wire.
 */
function rawPost(url: string, headerLines: string[]): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const request = [
    'POST /graphql HTTP/1.1',
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(BODY)}`,
    'Connection: close',
    ...headerLines,
    '',
    BODY,
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      resolve({ status, body });
    });
  });
}

/** The GraphQL errors of a response body (chunked or not). */
function errorsOf(body: string): Array<{ message: string; extensions?: { code?: string } }> {
  const json = body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1);
  return (JSON.parse(json) as { errors?: [] }).errors ?? [];
}

describe('repeated Authorization headers over real HTTP', () => {
  const emulator = createEmulator();
  let upstream: EmulatorServer;
  let gateway: RunningServer;

  beforeAll(async () => {
    upstream = await startEmulatorServer(emulator, { port: 0 });
    const app = createApp({ ...TEST_SETTINGS, swrEndpoint: upstream.url });
    gateway = await listen(app, { port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('serves one Authorization header (the raw client works)', async () => {
    emulator.resetCalls();
    const { status, body } = await rawPost(gateway.url, ['Authorization: Bearer alice']);
    expect(status).toBe(200);
    expect(errorsOf(body)).toEqual([]);
    expect(emulator.callCount()).toBe(1);
  });

  it.each([
    ['two different tokens', ['Authorization: Bearer alice', 'Authorization: Bearer bob']],
    ['the same token twice', ['Authorization: Bearer alice', 'Authorization: Bearer alice']],
    ['a second, empty one', ['Authorization: Bearer alice', 'Authorization: ']],
  ])('refuses %s with UNAUTHENTICATED and no SWR call', async (_label, lines) => {
    emulator.resetCalls();
    const { body } = await rawPost(gateway.url, lines);
    const errors = errorsOf(body);
    expect(errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(errors[0]?.message).toMatch(/several Authorization/);
    expect(emulator.callCount()).toBe(0);
  });
});
