import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/**
 * The emulator and the gateway, each in a child process of its own: the emulator through tsx, the
 * gateway as `npm start` runs it in production: compiled, with the node flags of the `start`
 * script (`node … dist/server.js`).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface EmulatorProcess {
  url: string;
  pid: number;
  /** SWR calls received since the last take, by the gateway's request id; empties the log. */
  takeCalls(): Promise<{ total: number; byRequestId: Record<string, number> }>;
  stop(): Promise<void>;
}

export interface GatewayProcess {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:41234/graphql`. */
  url: string;
  pid: number;
  /** Milliseconds from spawn to the server's listening log line (when its log level shows it). */
  listeningMs: number | undefined;
  /** Milliseconds from spawn to the first successful GraphQL response. */
  firstResponseMs: number;
  stop(): Promise<void>;
}

function startNode(
  script: string,
  env: NodeJS.ProcessEnv,
  {
    ipc = false,
    nodeArgs = [],
    typescript = true,
  }: { ipc?: boolean; nodeArgs?: string[]; typescript?: boolean } = {},
): ChildProcess {
  const loader = typescript ? ['--import', 'tsx'] : [];
  return spawn(process.execPath, [...nodeArgs, ...loader, script], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc' as const] : [])],
  });
}

/** The last few kilobytes a child wrote, to explain a failure. */
function keepTail(child: ChildProcess, onText?: (text: string) => void): () => string {
  let tail = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    onText?.(text);
    tail = (tail + text).slice(-4000);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => tail;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Children still running; killed if the benchmark exits early. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function track(child: ChildProcess): () => Promise<void> {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return () => stopChild(child);
}

export async function startEmulator(): Promise<EmulatorProcess> {
  const child = startNode('bench/emulator-process.ts', process.env, { ipc: true });
  const stop = track(child);
  const tail = keepTail(child);
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the emulator did not start')),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}):\n${tail()}`)));
    child.once('message', (message: { type: string; url: string }) => {
      clearTimeout(timer);
      resolve(message.url);
    });
  });
  const url = await ready;
  return {
    url,
    pid: child.pid as number,
    takeCalls() {
      const answer = new Promise<{ total: number; byRequestId: Record<string, number> }>(
        (resolve) => child.once('message', resolve),
      );
      child.send({ type: 'take' });
      return answer;
    },
    stop,
  };
}

/** Compiles the gateway to `dist/` as `npm start` does (`npm run build`), from the current sources. */
export function buildGateway(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'src/build.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/**
 * Builds the gateway of git revision `ref` into `bench/.ref/<commit>/` (git-ignored), as that
 * revision's own `npm run build` does: its `src/`, `schema/` and `package.json` come from git, the
 * packages from this checkout's `node_modules` (a revision that needs a package not installed here
 * fails to build). Returns the directory to start it from and the commit.
 */
export function buildGatewayAt(ref: string): { root: string; commit: string } {
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, maxBuffer: 1 << 28 });
  const commit = git(['rev-parse', '--verify', `${ref}^{commit}`])
    .toString()
    .trim();
  const root = `${ROOT}bench/.ref/${commit}/`;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const archive = git(['archive', commit, 'src', 'schema', 'package.json']);
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  execFileSync(process.execPath, ['--import', 'tsx', 'src/build.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  return { root, commit };
}

const PEER_DIR = `${ROOT}bench/.peer/`;

/**
 * Compiles the peers (bench/apollo/) to JavaScript in `bench/.peer/` (git-ignored), as their users
 * ship them: their own code compiled, the packages left in `node_modules`. Returns the command of
 * each peer by name.
 */
export async function buildPeers(): Promise<
  Record<string, { nodeArgs: string[]; script: string }>
> {
  const { build } = await import('esbuild');
  rmSync(PEER_DIR, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { apollo: 'bench/apollo/server.ts' },
    outdir: PEER_DIR,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return { apollo: { nodeArgs: [], script: `${PEER_DIR}apollo.mjs` } };
}

/**
 * The node flags and script of `npm start` in the checkout at `root` (package.json `scripts.start`:
 * `[exec] node [flags] <script>`); the script as an absolute path.
 */
export function startCommand(root = ROOT): { nodeArgs: string[]; script: string } {
  const { scripts } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    scripts: Record<string, string>;
  };
  // `exec node …` (the shell replaces itself with node, so SIGTERM reaches the server).
  const words = (scripts.start ?? '')
    .trim()
    .replace(/^exec\s+/, '')
    .split(/\s+/);
  const script = words.at(-1);
  if (words[0] !== 'node' || script === undefined || !script.endsWith('.js')) {
    throw new Error(`npm start is not "node [flags] <script>.js": ${scripts.start}`);
  }
  return { nodeArgs: words.slice(1, -1), script: `${root}${script}` };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Spawns the gateway and polls it with `probe` (a GraphQL request that must succeed) every 5 ms
 * until it answers; the time from spawn to that answer is its startup time.
 */
export async function startGateway(options: {
  swrEndpoint: string;
  env: Record<string, string>;
  /** Extra `node` flags, e.g. `--cpu-prof`. */
  nodeArgs: string[];
  /** The checkout to start (its `npm start` command); default this one. */
  root?: string | undefined;
  /** Another server to start instead of the gateway (a peer), with its own log line. */
  command?: { nodeArgs: string[]; script: string; listening: string } | undefined;
  probe: (url: string) => Promise<boolean>;
}): Promise<GatewayProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const spawnedAt = performance.now();
  let listeningMs: number | undefined;
  const env = {
    ...process.env,
    LOG_LEVEL: 'info',
    ...options.env,
    SWR_ENDPOINT: options.swrEndpoint,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  const start = options.command ?? {
    ...startCommand(options.root),
    listening: 'swr-bff is listening',
  };
  const child = startNode(start.script, env, {
    nodeArgs: [...start.nodeArgs, ...options.nodeArgs],
    typescript: false,
  });
  const stop = track(child);
  const tail = keepTail(child, (text) => {
    if (listeningMs === undefined && text.includes(start.listening)) {
      listeningMs = performance.now() - spawnedAt;
    }
  });
  while (!(await options.probe(url).catch(() => false))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${tail()}`);
    }
    if (performance.now() - spawnedAt > START_TIMEOUT_MS) {
      await stop();
      throw new Error(`the server did not answer within ${START_TIMEOUT_MS} ms:\n${tail()}`);
    }
    await sleep(5);
  }
  const firstResponseMs = performance.now() - spawnedAt;
  return { url, pid: child.pid as number, listeningMs, firstResponseMs, stop };
}
