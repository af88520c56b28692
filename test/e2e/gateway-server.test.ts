import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { runEntry } from '../helpers/child-process.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const QUERY = `query Page($after: String) {
  sharedRepositories(center: THIRD_PARTY, first: 25, after: $after, orderBy: { field: NAME, direction: ASC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { namespace name domainName }
  }
}`;

describe('the gateway over HTTP against the emulator over HTTP', () => {
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

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer carol', ...headers },
      body: JSON.stringify(body),
    });

  it('pages through the whole list with one upstream call per page', async () => {
    emulator.resetCalls();
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = 0;
    for (;;) {
      const response = await post({ query: QUERY, variables: { after } });
      expect(response.status).toBe(200);
      const { data } = (await response.json()) as {
        data: {
          sharedRepositories: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string };
            nodes: Array<{ namespace: string; name: string; domainName: string }>;
          };
        };
      };
      pages++;
      total = data.sharedRepositories.totalCount;
      names.push(
        ...data.sharedRepositories.nodes.map((n) => `${n.namespace}/${n.name}@${n.domainName}`),
      );
      if (!data.sharedRepositories.pageInfo.hasNextPage) break;
      after = data.sharedRepositories.pageInfo.endCursor;
    }
    expect(names).toHaveLength(total);
    expect(new Set(names).size).toBe(total);
    expect(emulator.callCount('listSharedRepositories')).toBe(pages);
    expect(emulator.calls.every((call) => call.token === 'carol')).toBe(true);
  });

  it('answers GET queries as GraphQL over HTTP describes', async () => {
    const query = encodeURIComponent(
      '{ sharedRepositories(center: SELF, first: 1) { totalCount } }',
    );
    const response = await fetch(`${gateway.url}/graphql?query=${query}`, {
      headers: { 'x-auth-token': 'carol', accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: { sharedRepositories: { totalCount: number } };
    };
    expect(body.data.sharedRepositories.totalCount).toBeGreaterThan(0);
  });

  it('refuses a mutation over GET', async () => {
    const response = await fetch(
      `${gateway.url}/graphql?query=${encodeURIComponent('mutation { x }')}`,
      {
        headers: { accept: 'application/graphql-response+json' },
      },
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it('serves GraphiQL to a browser, with the Authorization header template', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('Authorization');
  });

  it('answers a broken JSON body with a 400 and a GraphQL error', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: unknown[] };
    expect(body.errors.length).toBeGreaterThan(0);
  });
});

describe('npm start', () => {
  it('starts the embedded emulator when SWR_ENDPOINT is unset, serves, and exits 0 on SIGTERM', async () => {
    const run = runEntry('src/server.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      SWR_ENDPOINT: '',
      LOG_LEVEL: 'info',
    });
    const line = await run.waitForLine(/swr-bff is listening/);
    expect(run.output().stdout).toMatch(/embedded SWR emulator/);
    const { url } = JSON.parse(line) as { url: string };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
      body: JSON.stringify({
        query: '{ sharedRepositories(center: SELF, first: 3) { nodes { name } } }',
      }),
    });
    const body = (await response.json()) as { data: { sharedRepositories: { nodes: unknown[] } } };
    expect(body.data.sharedRepositories.nodes).toHaveLength(3);
    run.child.kill('SIGTERM');
    expect(await run.exited()).toBe(0);
    expect(run.output().stdout).not.toContain('demo"}');
  });

  it('stops with a message naming the variable when the configuration is bad', async () => {
    for (const [variable, value] of [
      ['PORT', 'eighty'],
      ['SWR_ENDPOINT', 'not a url'],
    ] as const) {
      const run = runEntry('src/server.ts', { [variable]: value });
      expect(await run.exited()).toBe(1);
      expect(run.output().stderr).toContain(variable);
    }
  });
});
