import { describe, expect, it } from 'vitest';
import { runEntry } from '../helpers/child-process.js';

describe('npm run emulator', () => {
  it('prints where it listens, serves, and stops on SIGTERM', async () => {
    const run = runEntry('src/emulator/main.ts', {
      EMULATOR_PORT: '0',
      EMULATOR_HOST: '127.0.0.1',
    });
    const line = await run.waitForLine(/listening on/);
    expect(line).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(line).toContain('expired');
    expect(line).toContain('demo');
    const url = /http:\/\/[\d.]+:\d+/.exec(line)?.[0];
    const response = await fetch(`${url}/v2/manage/namespaces`, {
      headers: { 'X-Auth-Token': 'demo' },
    });
    expect(response.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited()).toBe(0);
  });

  it('exits 1 with the message on a bad configuration', async () => {
    const run = runEntry('src/emulator/main.ts', { EMULATOR_PORT: 'not-a-port' });
    expect(await run.exited()).toBe(1);
    expect(run.output().stderr).toContain('EMULATOR_PORT');
  });
});
