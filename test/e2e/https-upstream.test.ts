import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/emulator.js';
import { runEntry } from '../helpers/child-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * A self-signed certificate for `localhost` and 127.0.0.1, valid until 2126, made with
 * `openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=localhost
 *  -addext subjectAltName=DNS:localhost,IP:127.0.0.1`.
 */
const CERT = `${ROOT}test/fixtures/tls/localhost.crt`;
const KEY = `${ROOT}test/fixtures/tls/localhost.key`;

const emulator = createEmulator();
let upstream: Server;
let endpoint: string;

/** The emulator behind TLS, as SWR is: `https://localhost:<port>`. */
beforeAll(async () => {
  upstream = createServer(
    { cert: readFileSync(CERT), key: readFileSync(KEY) },
    async (incoming, outgoing) => {
      const headers = new Headers();
      for (const name of ['x-auth-token', 'x-request-id']) {
        const value = incoming.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const response = await emulator.fetch(`https://localhost${incoming.url}`, { headers });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    },
  );
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  endpoint = `https://localhost:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

/** Starts the gateway against the TLS emulator and sends one query as `alice`. */
async function queryThroughGateway(env: Record<string, string | undefined>) {
  const run = runEntry(`${ROOT}src/server.ts`, {
    PORT: '0',
    HOST: '127.0.0.1',
    SWR_ENDPOINT: endpoint,
    LOG_LEVEL: 'info',
    NODE_EXTRA_CA_CERTS: undefined,
    ...env,
  });
  try {
    const { url } = JSON.parse(await run.waitForLine(/swr-bff is listening/)) as { url: string };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
      body: JSON.stringify({
        query: '{ sharedRepositories(center: SELF, first: 2) { nodes { name } } }',
      }),
    });
    return (await response.json()) as {
      data?: { sharedRepositories: { nodes: Array<{ name: string }> } } | null;
      errors?: Array<{ extensions?: { code?: string } }>;
    };
  } finally {
    run.child.kill('SIGTERM');
    await run.exited();
  }
}

describe('SWR over HTTPS', () => {
  it('calls SWR over TLS when its certificate is trusted', async () => {
    emulator.resetCalls();
    const result = await queryThroughGateway({ NODE_EXTRA_CA_CERTS: CERT });
    expect(result.errors).toBeUndefined();
    expect(result.data?.sharedRepositories.nodes).toEqual(
      emulator
        .account('alice')
        .sharedRepositories('self')
        .slice(0, 2)
        .map(({ name }) => ({ name })),
    );
    expect(emulator.callCount('listSharedRepositories')).toBe(1);
  }, 30_000);

  it('refuses a certificate it does not trust, without sending the token', async () => {
    emulator.resetCalls();
    const result = await queryThroughGateway({});
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(emulator.callCount()).toBe(0);
  }, 30_000);
});
