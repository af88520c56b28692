import { describe, expect, it } from 'vitest';
import { runEntry } from '../helpers/child-process.js';

/** Starts the server in front of a (never called) SWR endpoint, and stops it once it listens. */
async function startupLines(env: Record<string, string>) {
  const run = runEntry('src/server.ts', {
    PORT: '0',
    HOST: '127.0.0.1',
    SWR_ENDPOINT: 'http://127.0.0.1:9',
    LOG_LEVEL: 'info',
    CURSOR_SECRET: '',
    ...env,
  });
  await run.waitForLine(/swr-bff is listening/, 60_000);
  run.child.kill('SIGTERM');
  await run.exited();
  return run
    .output()
    .stdout.split('\n')
    .filter((line) => line.includes('CURSOR_SECRET'));
}

// Each test starts a server process (node + tsx), which takes seconds on a busy machine.
describe.concurrent('CURSOR_SECRET at start-up', { timeout: 90_000 }, () => {
  it('warns once when a real SWR endpoint is used with the built-in cursor key', async () => {
    const lines = await startupLines({});
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as { level: number; msg: string };
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(/replica/);
  });

  it('says nothing when CURSOR_SECRET is set', async () => {
    expect(await startupLines({ CURSOR_SECRET: 'a-long-enough-secret-0123' })).toEqual([]);
  });
});
