import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const QUERY = `{
  sharedRepositories(center: SELF, first: 10) {
    nodes { domainName namespace name repository { namespace } namespaceInfo { name } }
  }
  namespaces { name }
}`;

interface Result {
  data: {
    sharedRepositories: {
      nodes: Array<{
        domainName: string;
        namespace: string;
        name: string;
        repository: { namespace: string } | null;
        namespaceInfo: { name: string } | null;
      }>;
    };
    namespaces: Array<{ name: string }>;
  };
  errors?: unknown[];
}

describe('two tokens under concurrent load', () => {
  const emulator = createEmulator();
  let upstream: EmulatorServer;
  let gateway: RunningServer;

  beforeAll(async () => {
    upstream = await startEmulatorServer(emulator, { port: 0 });
    // Isolation is the point here, not speed: on a loaded machine 200 concurrent requests may
    // outlast the default call limits, and an open breaker would hide every answer.
    const patient = { swrTimeoutMs: 60_000, requestTimeoutMs: 120_000, swrBreakerThreshold: 1e6 };
    const settings = { ...TEST_SETTINGS, ...patient, swrEndpoint: upstream.url };
    gateway = await listen(createApp(settings), {
      port: 0,
      host: '127.0.0.1',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('never serves one account any of the other account’s data', async () => {
    const accounts = {
      'token-amber': emulator.account('token-amber'),
      'token-blue': emulator.account('token-blue'),
    };
    const own = Object.fromEntries(
      Object.entries(accounts).map(([token, account]) => [
        token,
        {
          domain: account.domainName,
          namespaces: new Set(account.namespaces.map((namespace) => namespace.name)),
        },
      ]),
    );
    expect(own['token-amber']?.domain).not.toBe(own['token-blue']?.domain);

    const tokens = Array.from({ length: 200 }, (_, index) =>
      index % 2 === 0 ? 'token-amber' : 'token-blue',
    );
    const results = await Promise.all(
      tokens.map(async (token) => {
        const response = await fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: QUERY }),
        });
        return { token, body: (await response.json()) as Result };
      }),
    );

    for (const { token, body } of results) {
      const mine = own[token];
      if (!mine) throw new Error('unknown token');
      expect(body.errors).toBeUndefined();
      const { nodes } = body.data.sharedRepositories;
      expect(nodes).toHaveLength(10);
      for (const node of nodes) {
        expect(node.domainName).toBe(mine.domain);
        expect(mine.namespaces.has(node.namespace)).toBe(true);
        expect(node.repository?.namespace).toBe(node.namespace);
        expect(node.namespaceInfo?.name).toBe(node.namespace);
      }
      expect(body.data.namespaces.every((namespace) => mine.namespaces.has(namespace.name))).toBe(
        true,
      );
    }
    const tokensSeen = new Set(emulator.calls.map((call) => call.token));
    expect(tokensSeen).toEqual(new Set(['token-amber', 'token-blue']));
  }, 120_000);
});
