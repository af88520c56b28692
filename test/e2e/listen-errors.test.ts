import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runEntry } from '../helpers/child-process.js';

/** Settings that skip the embedded emulator and the cursor-secret warning. */
const QUIET = {
  SWR_ENDPOINT: 'http://127.0.0.1:9',
  CURSOR_SECRET: 'test-cursor-secret-0123456789',
  LOG_LEVEL: 'warn',
};

/** Starts the server with `env`, and returns its exit code and what it wrote to stderr. */
async function startFailing(env: Record<string, string>) {
  const run = runEntry('src/server.ts', { ...QUIET, ...env });
  const code = await run.exited();
  return { code, ...run.output() };
}

/** One line, no stack frames and no Node version banner. */
function expectOneLine(stderr: string) {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('Node.js v');
}

// Each test starts a server process (node + tsx), which takes seconds on a busy machine.
describe.concurrent('the server cannot listen: one line naming the setting, exit 1', {
  timeout: 60_000,
}, () => {
  it('names PORT when the port is already in use', async () => {
    const occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
    try {
      const address = occupied.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const { code, stderr, stdout } = await startFailing({
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      expect(code).toBe(1);
      expectOneLine(stderr);
      expect(stderr).toMatch(new RegExp(`PORT.*${port}|${port}.*PORT`));
      expect(stderr).toContain('in use');
      expect(stdout).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((resolve) => occupied.close(resolve));
    }
  });

  it('names HOST when the host name does not resolve', async () => {
    const { code, stderr } = await startFailing({ PORT: '0', HOST: 'no-such-host.invalid' });
    expect(code).toBe(1);
    expectOneLine(stderr);
    expect(stderr).toContain('HOST');
    expect(stderr).toContain('no-such-host.invalid');
  });

  it('names HOST when the address is not one of this machine', async () => {
    // TEST-NET-3 (RFC 5737): never assigned to a local interface.
    const { code, stderr } = await startFailing({ PORT: '0', HOST: '203.0.113.7' });
    expect(code).toBe(1);
    expectOneLine(stderr);
    expect(stderr).toContain('HOST');
    expect(stderr).toContain('203.0.113.7');
  });
});
