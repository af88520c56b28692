import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import { runEntry } from '../helpers/child-process.js';

const SLOW_QUERY = '{ sharedRepositories(center: SELF, first: 3) { totalCount nodes { name } } }';
const UPSTREAM_DELAY_MS = 800;

type ProbeResult = number | 'refused' | 'reset';

/**
 * GET over a connection of its own (or of `agent`): the status, `refused` when nobody listens, or
 * `reset` when the connection was dropped unanswered (it reached the server as it stopped).
 */
function probe(url: string, agent: Agent | false = false): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve('refused');
      else if (error.code === 'ECONNRESET') resolve('reset');
      else reject(error);
    });
  });
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('graceful shutdown on SIGTERM', () => {
  const emulator = createEmulator();
  let upstream: EmulatorServer;

  beforeAll(async () => {
    upstream = await startEmulatorServer(emulator, { port: 0 });
    emulator.faults.inject({ route: 'listSharedRepositories', delayMs: UPSTREAM_DELAY_MS });
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('lets requests in flight finish, refuses new connections, closes idle ones and exits 0', async () => {
    const run = runEntry('src/server.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      SWR_ENDPOINT: upstream.url,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    const { url } = JSON.parse(await run.waitForLine(/swr-bff is listening/)) as { url: string };
    const origin = new URL(url).origin;

    // A keep-alive connection that sits idle during the shutdown: it must not keep the process up.
    const keepAlive = new Agent({ keepAlive: true });
    expect(await probe(`${origin}/readyz`, keepAlive)).toBe(200);

    const slow = [1, 2, 3].map((i) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer user-${i}`,
          'x-request-id': `slow-${i}`,
        },
        body: JSON.stringify({ query: SLOW_QUERY }),
      }),
    );
    let settled = 0;
    for (const request of slow) void request.finally(() => settled++);
    await until(() => emulator.inFlight === 3);

    const signalledAt = Date.now();
    run.child.kill('SIGTERM');

    // New connections are refused (or, in the instant before the listener closes, not ready).
    // Until the signal is handled they are still served; one arriving as the listener closes may
    // be dropped unanswered.
    let probeResult: ProbeResult = 200;
    while (probeResult === 200 || probeResult === 'reset') {
      probeResult = await probe(`${origin}/readyz`);
    }
    expect(['refused', 503]).toContain(probeResult);
    expect(settled).toBe(0);

    const responses = await Promise.all(slow);
    for (const response of responses) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        data: { sharedRepositories: { totalCount: number; nodes: unknown[] } };
      };
      expect(body.data.sharedRepositories.nodes).toHaveLength(3);
    }
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(UPSTREAM_DELAY_MS - 200);

    expect(await run.exited()).toBe(0);
    // Well before the 5 s keep-alive timeout: the idle connection was closed, not waited for.
    expect(Date.now() - signalledAt).toBeLessThan(UPSTREAM_DELAY_MS + 3000);
    keepAlive.destroy();

    const lines = run
      .output()
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const messages = lines.map((line) => line.msg);
    expect(messages).toContain('shut down');
    expect(lines.find((line) => String(line.msg).startsWith('shutting down'))).toMatchObject({
      signal: 'SIGTERM',
      inFlight: 3,
    });
    expect(lines.find((line) => line.msg === 'shut down')).toMatchObject({ exitCode: 0 });
    const requestLines = lines.filter((line) => line.msg === 'graphql request');
    expect(requestLines.map((line) => line.requestId).sort()).toEqual([
      'slow-1',
      'slow-2',
      'slow-3',
    ]);
    expect(requestLines.every((line) => line.status === 200 && line.outcome === 'ok')).toBe(true);
  });
});
