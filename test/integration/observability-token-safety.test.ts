import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

/** Recognisable, and distinct in its parts so that a partial leak is caught too. */
const TOKEN = 'MIIE-secret-TOKEN-7f3a9c1e5b';
const TOKEN_PARTS = ['MIIE-secret', 'TOKEN-7f3a9c1e5b'];

const QUERIES = [
  'query SharedImages { sharedRepositories(center: SELF, first: 3) { totalCount nodes { name } } }',
  'query Missing { repository(namespace: "nope", name: "nothing") { name } }',
  'query Broken { sharedRepositories(',
];

describe('the token never reaches a log line, a metric or a span', () => {
  it('holds for successful, failing and refused requests, at the most verbose log level', async () => {
    const emulator = createEmulator();
    const logs: string[] = [];
    const exporter = new InMemorySpanExporter();
    const app = createApp(TEST_SETTINGS, {
      fetch: emulator.fetch,
      logger: pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) }),
      spanExporter: exporter,
    });
    const post = (query: string, headers: Record<string, string>) =>
      app.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });

    const headerSets: Array<Record<string, string>> = [
      { authorization: `Bearer ${TOKEN}` },
      { 'x-auth-token': TOKEN },
      { authorization: `Bearer ${TOKEN}`, 'x-auth-token': `${TOKEN}-other` },
      { authorization: `Token ${TOKEN}` },
    ];
    for (const headers of headerSets) {
      for (const query of QUERIES) await post(query, headers);
    }
    // SWR refuses the token, fails, and times out.
    emulator.faults.inject({ response: { status: 401 }, times: 1 });
    await post(QUERIES[0] as string, headerSets[0] ?? {});
    emulator.faults.inject({ response: { status: 500, body: { error: TOKEN } }, times: 3 });
    await post(QUERIES[0] as string, headerSets[0] ?? {});
    emulator.faults.inject({ kind: 'malformed-json', times: 1 });
    await post(QUERIES[0] as string, headerSets[0] ?? {});

    expect(emulator.calls.some((call) => call.token === TOKEN)).toBe(true);
    const metrics = await (await app.yoga.fetch('http://gateway.test/metrics')).text();
    const spans = JSON.stringify(
      exporter.getFinishedSpans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events,
      })),
    );
    expect(logs.filter((line) => line.includes('"graphql request"'))).toHaveLength(
      headerSets.length * QUERIES.length + 3,
    );
    expect(exporter.getFinishedSpans().length).toBeGreaterThan(0);
    for (const [what, text] of [
      ['logs', logs.join('\n')],
      ['metrics', metrics],
      ['spans', spans],
    ] as const) {
      for (const part of TOKEN_PARTS) {
        expect(text.includes(part), `${what} contain the token`).toBe(false);
      }
    }
    await app.observability.close();
  });
});
