import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEntry } from '../helpers/child-process.js';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The self-signed `localhost` certificate of test/e2e/https-upstream.test.ts (CA:TRUE). */
const CERT = `${ROOT}test/fixtures/tls/localhost.crt`;
const KEY = `${ROOT}test/fixtures/tls/localhost.key`;

let redis: TestRedisServer;

beforeAll(async () => {
  redis = await startRedisServer({ tls: { certFile: CERT, keyFile: KEY }, password: 'tls-pass' });
});

afterAll(async () => {
  await redis?.stop();
});

async function probe(env: Record<string, string | undefined>) {
  const run = runEntry(`${ROOT}test/fixtures/cache-probe.ts`, {
    REDIS_URL: redis.url,
    NODE_EXTRA_CA_CERTS: undefined,
    ...env,
  });
  const line = await run.waitForLine(/"ready"/, 15_000);
  expect(await run.exited()).toBe(0);
  return JSON.parse(line) as { ready: boolean; value: unknown };
}

describe('the redis cache store over rediss://', () => {
  it('reads and writes over TLS with AUTH when the CA is trusted', async () => {
    expect(redis.url).toMatch(/^rediss:\/\/:tls-pass@localhost:\d+$/);
    expect(await probe({ NODE_EXTRA_CA_CERTS: CERT })).toEqual({
      ready: true,
      value: { body: ['over tls'], headers: {} },
    });
  });

  it('misses without failing when the certificate is not trusted', async () => {
    expect(await probe({})).toEqual({ ready: false, value: null });
  });
});
