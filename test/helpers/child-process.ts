import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** An entry point of this project, started as its own Node process. */
export interface RunningChild {
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the first stdout line matching `pattern` (rejects if the process exits). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code. */
  exited(): Promise<number | null>;
}

/**
 * Runs `node --import tsx <entry>` with extra environment variables; with `compiled`, a JavaScript
 * entry (`node <entry>`, as `npm start` runs `dist/server.js`).
 */
export function runEntry(
  entry: string,
  env: Record<string, string | undefined>,
  { compiled = false }: { compiled?: boolean } = {},
): RunningChild {
  const child = spawn(process.execPath, compiled ? [entry] : ['--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited: () => exit,
    async waitForLine(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
        if (line) return line;
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`no line matching ${pattern}: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
