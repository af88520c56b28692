import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below `pid` (Linux `/proc`). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((text) => text.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

describe('npm start', () => {
  // `npm start` builds first (prestart), which takes seconds on a busy machine.
  it('passes SIGTERM to the server, which shuts down gracefully and leaves no process behind', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SWR_ENDPOINT: '', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    npm.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    npm.stderr.resume();
    const exited = once(npm, 'exit');
    const deadline = Date.now() + 100_000;
    while (!/swr-bff is listening/.test(stdout)) {
      if (npm.exitCode !== null || Date.now() > deadline)
        throw new Error(`not listening: ${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const below = descendants(npm.pid as number);
    expect(below.length).toBeGreaterThan(0);

    // A server left behind by a failing run must not outlive the test.
    onTestFinished(() => {
      for (const pid of below.filter(isRunning)) process.kill(pid, 'SIGKILL');
    });
    npm.kill('SIGTERM');
    await exited;
    await expect.poll(() => stdout, { timeout: 10_000 }).toMatch(/"msg":"shut down"/);
    expect(stdout).toMatch(/"signal":"SIGTERM"/);
    await expect.poll(() => below.filter(isRunning), { timeout: 10_000 }).toEqual([]);
  }, 120_000);
});
