import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { connect as connectTls } from 'node:tls';

export interface RedisServerOptions {
  /** Starts the server with `--requirepass`, for AUTH tests. */
  password?: string;
  /** Starts the server with this ACL user (all rights) and the default user off. */
  user?: { name: string; password: string };
  /** Serves TLS only (`rediss://localhost:<port>`) with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
}

/** A private `redis-server` on a free loopback port, started and stopped by the test. */
export interface TestRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, with `:<password>@` or `<user>:<password>@` when started so. */
  readonly url: string;
  /** PID of the current server process. */
  readonly pid: number;
  /** SIGSTOP: the server keeps its connections but answers nothing. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** SIGTERM (after SIGCONT when paused), then waits for the process to exit. */
  stop(): Promise<void>;
  /** Starts a fresh, empty server on the same port (after `stop`). */
  restart(): Promise<void>;
}

/** Starts `redis-server` (Debian's package; `.ci/run` installs it) and waits until it answers. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const port = await freePort();
  let child = await launch(port, options);
  let paused = false;
  const server: TestRedisServer = {
    port,
    url:
      options.tls === undefined
        ? `redis://${credentials(options)}127.0.0.1:${port}`
        : `rediss://${credentials(options)}localhost:${port}`,
    get pid() {
      return child.pid as number;
    },
    pause() {
      child.kill('SIGSTOP');
      paused = true;
    },
    resume() {
      child.kill('SIGCONT');
      paused = false;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      if (paused) server.resume();
      child.kill('SIGTERM');
      await exited;
    },
    async restart() {
      await server.stop();
      child = await launch(port, options);
    },
  };
  return server;
}

function credentials({ password, user }: RedisServerOptions): string {
  if (user !== undefined) {
    return `${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@`;
  }
  return password === undefined ? '' : `:${encodeURIComponent(password)}@`;
}

async function launch(port: number, options: RedisServerOptions): Promise<ChildProcess> {
  const { tls } = options;
  const ports =
    tls === undefined ? ['--port', String(port)] : ['--port', '0', '--tls-port', String(port)];
  const args = [...ports, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (tls !== undefined) {
    args.push('--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile);
    args.push('--tls-auth-clients', 'no');
  }
  args.push('--dir', tmpdir(), '--loglevel', 'warning');
  if (options.password !== undefined) args.push('--requirepass', options.password);
  if (options.user !== undefined) {
    const { name, password } = options.user;
    args.push(
      '--user',
      'default',
      'off',
      '--user',
      name,
      'on',
      `>${password}`,
      '~*',
      '&*',
      '+@all',
    );
  }
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port, tls !== undefined))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(`redis-server did not answer on port ${port}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

/** True once something on `port` answers a RESP PING (`+PONG`, or `-NOAUTH` with a password). */
function answersPing(port: number, tls: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls
      ? connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : createConnection({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
