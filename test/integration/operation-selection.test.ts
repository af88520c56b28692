import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

/** The exact document of issue 12, item 1: two operations, one cheap, one expensive. */
const TWO_OPERATIONS =
  'query Cheap { __typename } query Expensive($n: Int) { sharedRepositories(center: SELF, first: $n) { nodes { name imageTags(first: $n) { nodes { name } } } } }';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The aliased form: Cheap beside an Expensive that selects the same page under 20 aliases. */
const ALIASES = 20;
const TWENTY_ALIASES = `query Cheap { __typename } query Expensive($n: Int) { ${Array.from(
  { length: ALIASES },
  (_, i) =>
    `r${i}: sharedRepositories(center: SELF, first: $n) { nodes { name imageTags(first: $n) { nodes { name } } } }`,
).join(' ')} }`;

/**
 * The cost of Expensive in TWENTY_ALIASES by the README's model: each field 1, and a connection's
 * subtree once per item asked (`first: n`), `nodes` inside it not counted again. A tag page is
 * 1 + n × (nodes, name); a repository page is 1 + n × (nodes, name, its tag page).
 */
function twentyAliasesCost(n: number): number {
  const tagPage = 1 + n * 2;
  const repositoryPage = 1 + n * (2 + tagPage);
  return ALIASES * repositoryPage;
}

/** A gateway over a fresh emulator whose request log lines are kept as objects. */
function gateway(document = TWO_OPERATIONS) {
  const emulator = createEmulator();
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line)) },
  );
  const app = createApp(TEST_SETTINGS, { fetch: emulator.fetch, logger });
  const run = async (operationName: string, variables: Record<string, unknown>) => {
    const before = emulator.callCount();
    const response = await app.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
      body: JSON.stringify({ query: document, operationName, variables }),
    });
    const body = (await response.json()) as Body;
    return { status: response.status, body, calls: emulator.callCount() - before };
  };
  const requestLines = () => lines.filter((line) => line.msg === 'graphql request');
  const metrics = async () => (await app.yoga.fetch('http://gateway.test/metrics')).text();
  return { run, requestLines, metrics };
}

const codes = (body: Body) => (body.errors ?? []).map((error) => error.extensions?.code);

describe('each operation of a document runs, is priced and is logged as itself', () => {
  it('runs Cheap as Cheap after Expensive ran from the same document (graphql-jit cache)', async () => {
    const gw = gateway();
    const refused = await gw.run('Expensive', { n: 100 });
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.calls).toBe(0);

    const expensive = await gw.run('Expensive', { n: 1 });
    expect(expensive.body.errors).toBeUndefined();
    expect(expensive.body.data).toHaveProperty('sharedRepositories');
    expect(expensive.calls).toBeGreaterThan(0);

    const cheap = await gw.run('Cheap', { n: 100 });
    expect(cheap.body).toEqual({ data: { __typename: 'Query' } });
    expect(cheap.calls).toBe(0);

    // And Expensive still runs as itself after Cheap.
    const again = await gw.run('Expensive', { n: 1 });
    expect(again.body.data).toEqual(expensive.body.data);

    expect(gw.requestLines().map((line) => [line.operation, line.upstreamCalls])).toEqual([
      ['Expensive', 0],
      ['Expensive', expensive.calls],
      ['Cheap', 0],
      ['Expensive', again.calls],
    ]);
    const metrics = await gw.metrics();
    expect(metrics).toMatch(/graphql_requests_total\{[^}]*operation="Cheap"[^}]*\} 1\b/);
  });

  it('runs Expensive as Expensive, and prices it, after Cheap was compiled first', async () => {
    const gw = gateway();
    const cheap = await gw.run('Cheap', { n: 100 });
    expect(cheap.body).toEqual({ data: { __typename: 'Query' } });

    const refused = await gw.run('Expensive', { n: 100 });
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.calls).toBe(0);

    const expensive = await gw.run('Expensive', { n: 1 });
    expect(expensive.body.errors).toBeUndefined();
    expect(expensive.body.data).toHaveProperty('sharedRepositories');
    expect(expensive.calls).toBeGreaterThan(0);
  });

  it('runs Cheap as Cheap after a 20-alias Expensive ran from the same document, logged and counted as Cheap', async () => {
    const gw = gateway(TWENTY_ALIASES);
    const refused = await gw.run('Expensive', { n: 100 });
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      cost: twentyAliasesCost(100),
      maxCost: TEST_SETTINGS.maxCost,
    });
    expect(twentyAliasesCost(100)).toBeGreaterThan(40 * TEST_SETTINGS.maxCost);
    expect(refused.calls).toBe(0);

    const expensive = await gw.run('Expensive', { n: 1 });
    expect(expensive.body.errors).toBeUndefined();
    const pages = Object.values(expensive.body.data ?? {});
    expect(pages).toHaveLength(ALIASES);
    expect(pages.every((page) => JSON.stringify(page) === JSON.stringify(pages[0]))).toBe(true);
    expect(expensive.calls).toBeGreaterThan(0);

    const cheap = await gw.run('Cheap', { n: 100 });
    expect(cheap.body).toEqual({ data: { __typename: 'Query' } });
    expect(cheap.calls).toBe(0);

    expect(gw.requestLines().map((line) => [line.operation, line.upstreamCalls])).toEqual([
      ['Expensive', 0],
      ['Expensive', expensive.calls],
      ['Cheap', 0],
    ]);
    const metrics = await gw.metrics();
    expect(metrics).toMatch(/graphql_requests_total\{[^}]*operation="Cheap"[^}]*\} 1\b/);
    expect(metrics).toMatch(
      /graphql_request_upstream_calls_sum\{[^}]*operation="Cheap"[^}]*\} 0\n/,
    );
    expect(metrics).toMatch(
      /graphql_errors_total\{[^}]*operation="Expensive"[^}]*code="QUERY_TOO_COMPLEX"[^}]*\} 1\b/,
    );
  });
});
