import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import { listen } from '../../src/listen.js';
import { runEntry } from '../helpers/child-process.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const QUERY = '{ sharedRepositories(center: SELF, first: 3) { totalCount } }';

const post = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
    body: JSON.stringify({ query: QUERY }),
  });

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('RunningServer.close', () => {
  it('resolves at once, drained, when nothing is in flight', async () => {
    const app = createApp(TEST_SETTINGS, { logger: pino({ level: 'silent' }) });
    const running = await listen(app, { port: 0, host: '127.0.0.1' });
    const startedAt = Date.now();
    expect(await running.close({ timeoutMs: 5000 })).toEqual({ drained: true, abandoned: 0 });
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(app.observability.health.shuttingDown).toBe(true);
  });

  it('lets a request in flight finish and closes its keep-alive connection after it', async () => {
    const emulator = createEmulator();
    emulator.faults.inject({ route: 'listSharedRepositories', delayMs: 300 });
    const app = createApp(TEST_SETTINGS, {
      fetch: emulator.fetch,
      logger: pino({ level: 'silent' }),
    });
    const running = await listen(app, { port: 0, host: '127.0.0.1' });
    const pending = post(`${running.url}/graphql`);
    await until(() => emulator.inFlight === 1);
    const closing = running.close({ timeoutMs: 5000 });
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toMatchObject({
      data: { sharedRepositories: { totalCount: expect.any(Number) } },
    });
    expect(await closing).toEqual({ drained: true, abandoned: 0 });
  });

  it('cuts off requests still running at the timeout, and says how many', async () => {
    const emulator = createEmulator();
    emulator.faults.inject({ route: 'listSharedRepositories', delayMs: 4000 });
    const requestLines: string[] = [];
    const app = createApp(TEST_SETTINGS, {
      fetch: emulator.fetch,
      logger: pino({ level: 'info' }, { write: (line: string) => void requestLines.push(line) }),
    });
    const running = await listen(app, { port: 0, host: '127.0.0.1' });
    const pending = post(`${running.url}/graphql`).then(
      (response) => response.status,
      () => 'cut off',
    );
    await until(() => emulator.inFlight === 1);
    expect(running.inFlight).toBe(1);

    const startedAt = Date.now();
    const result = await running.close({ timeoutMs: 200 });
    expect(result).toEqual({ drained: false, abandoned: 1 });
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(await pending).toBe('cut off');
    await until(() => running.inFlight === 0);
    // The cut-off request's SWR call was aborted, not left running, and the request was counted.
    await until(() => emulator.inFlight === 0);
    await until(() => requestLines.some((line) => line.includes('"graphql request"')));
    expect(await app.observability.metrics.registry.metrics()).toContain(
      'swr_bff_graphql_requests_in_flight 0',
    );
    // Calling close again answers the same.
    expect(await running.close()).toBe(result);
  });
});

describe('SHUTDOWN_TIMEOUT_MS expiring in the real server', () => {
  const emulator = createEmulator();
  let upstream: EmulatorServer;

  beforeAll(async () => {
    upstream = await startEmulatorServer(emulator, { port: 0 });
    emulator.faults.inject({ route: 'listSharedRepositories', delayMs: 4000 });
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('exits anyway, with code 1, when requests outlive the timeout', async () => {
    const run = runEntry('src/server.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      SWR_ENDPOINT: upstream.url,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '300',
    });
    const { url } = JSON.parse(await run.waitForLine(/swr-bff is listening/)) as { url: string };
    const pending = post(url).then(
      (response) => response.status,
      () => 'cut off',
    );
    await until(() => emulator.inFlight === 1);

    const signalledAt = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited()).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(2500);
    expect(await pending).toBe('cut off');
    const lines = run
      .output()
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => String(line.msg).startsWith('shutdown timeout'))).toMatchObject({
      abandoned: 1,
      timeoutMs: 300,
    });
    expect(lines.find((line) => line.msg === 'shut down')).toMatchObject({ exitCode: 1 });
  });
});
