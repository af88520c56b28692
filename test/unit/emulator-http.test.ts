import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';

const headers = { 'X-Auth-Token': 't1' };
const SHARED = '/v2/manage/shared-repositories?center=self&limit=20&offset=0';

let server: EmulatorServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const emulator = createEmulator();
  server = await startEmulatorServer(emulator, { port: 0 });
  return { emulator, url: server.url };
}

describe('emulator HTTP server', () => {
  it('listens on a free loopback port and serves the same data as in-process', async () => {
    const { emulator, url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}${SHARED}`, {
      headers: { ...headers, 'X-Request-Id': 'abc' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.headers.get('content-range')).toMatch(/^0-20\/\d+$/);
    expect(await response.json()).toEqual(
      emulator.account('t1').sharedRepositories('self').slice(0, 20),
    );
    expect(emulator.calls).toEqual([
      expect.objectContaining({ route: 'listSharedRepositories', requestId: 'abc', status: 200 }),
    ]);
    const refused = await fetch(`${url}/v2/manage/namespaces`);
    expect(refused.status).toBe(401);
  });

  it('drops the connection for a reset fault', async () => {
    const { emulator, url } = await start();
    emulator.faults.inject({ kind: 'reset', times: 1 });
    await expect(fetch(`${url}${SHARED}`, { headers })).rejects.toThrow(TypeError);
    expect((await fetch(`${url}${SHARED}`, { headers })).status).toBe(200);
  });

  it('cuts the body short of its Content-Length for a truncate fault', async () => {
    const { emulator, url } = await start();
    emulator.faults.inject({ kind: 'truncate', times: 1 });
    const response = await fetch(`${url}${SHARED}`, { headers });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(1000);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('closes promptly with a keep-alive connection and a call still in flight', async () => {
    const { emulator, url } = await start();
    emulator.faults.inject({ route: 'listNamespaces', delayMs: 30_000 });
    expect((await fetch(`${url}${SHARED}`, { headers })).status).toBe(200);
    const stuck = new Promise<string>((resolve) => {
      const req = httpRequest(`${url}/v2/manage/namespaces`, { headers }, () =>
        resolve('answered'),
      );
      req.on('error', (error) => resolve(error.message));
      req.end();
    });
    while (emulator.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await server?.close();
    server = undefined;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stuck).toBe('socket hang up');
    await expect(fetch(`${url}${SHARED}`, { headers })).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    const { url } = await start();
    const port = Number(new URL(url).port);
    await expect(startEmulatorServer(createEmulator(), { port })).rejects.toThrow(/EADDRINUSE/);
  });
});
