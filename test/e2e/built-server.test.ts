import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEntry } from '../helpers/child-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Built apart from `dist/`, so that a running `npm start` is left alone. */
const OUTDIR = 'node_modules/.cache/swr-bff-built-server-test';
const ENTRY = `${ROOT}${OUTDIR}/server.js`;

const PERSISTED = Object.entries(
  JSON.parse(readFileSync(`${ROOT}src/generated/persisted-documents.json`, 'utf8')) as Record<
    string,
    string
  >,
).find(([, document]) => document.includes('query SharedImagesCount'));

/** Starts the built server (as `npm start` does) and returns its GraphQL URL. */
async function start(env: Record<string, string>) {
  const run = runEntry(
    ENTRY,
    { PORT: '0', HOST: '127.0.0.1', SWR_ENDPOINT: '', LOG_LEVEL: 'info', ...env },
    { compiled: true },
  );
  const line = await run.waitForLine(/swr-bff is listening/);
  const { url, tracing } = JSON.parse(line) as { url: string; tracing: boolean };
  return { run, url, tracing };
}

describe('the built server (npm run build, then npm start)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'src/build.ts', OUTDIR], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  }, 60_000);
  afterAll(() => rmSync(`${ROOT}${OUTDIR}`, { recursive: true, force: true }));

  it('serves GraphQL, GraphiQL with its operation tabs and persisted operations from the project files', async () => {
    const { run, url, tracing } = await start({ PERSISTED_OPERATIONS: 'allow' });
    try {
      expect(tracing).toBe(false);
      expect(run.output().stdout).toMatch(/embedded SWR emulator/);
      const page = await fetch(url, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('SharedImagesPage');

      const query = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
        body: JSON.stringify({
          query: '{ sharedRepositories(center: SELF, first: 2) { nodes { name } } }',
        }),
      });
      expect(((await query.json()) as { data: unknown }).data).toMatchObject({
        sharedRepositories: { nodes: [{ name: expect.any(String) }, { name: expect.any(String) }] },
      });

      if (PERSISTED === undefined) throw new Error('no SharedImagesCount in the manifest');
      const persisted = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
        body: JSON.stringify({ documentId: PERSISTED[0], variables: { center: 'SELF' } }),
      });
      expect(await persisted.json()).toMatchObject({
        data: { sharedRepositories: { totalCount: expect.any(Number) } },
      });
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited()).toBe(0);
  });

  it('loads OpenTelemetry when an OTLP endpoint is set', async () => {
    const { run, tracing } = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    run.child.kill('SIGTERM');
    expect(tracing).toBe(true);
    expect(await run.exited()).toBe(0);
  });
});
