import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningChild, runEntry } from '../helpers/child-process.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((file) => `docs/${file}`)].filter(
  (file) => file.endsWith('.md'),
);
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
/** Where the docs say the gateway listens; the test rewrites it to the server it starts. */
const DOC_ORIGIN = 'http://localhost:4000';

/**
 * Commands the docs show for tools this offline suite cannot run, and why. Anything else that is
 * not `curl`, `npm …` or `VAR=… npm start` fails the test until it is checked here.
 */
const EXTERNAL: Record<string, string> = {
  rover: 'Apollo Rover CLI (composition is proven offline in test/federation/)',
  'npx mesh-compose': 'GraphQL Mesh compose CLI, fetched by npx from the registry',
  hive: 'Hive CLI and a Hive registry account',
  docker: 'a container engine, absent here (npm run deploy:check-recipe replays the Dockerfile)',
  kubectl: 'a Kubernetes cluster (npm run deploy:validate checks the manifests)',
  'npm install ../swr-bff/build/':
    'run in a frontend repository (test/clients/operations-tarball.test.ts installs the tarball)',
};

/** One command the docs tell a reader to paste into a shell. */
interface DocCommand {
  /** `file:line`, for failure messages. */
  where: string;
  /** The heading the command sits under; an `npm start` configures the curls after it there. */
  section: string;
  /** The command, continuation lines joined, comments removed. */
  text: string;
  /** Codes the comment just above it says it answers with (`# expect errors: CODE`). */
  expectedErrors: string[];
}

/** Removes a trailing `# comment` that is outside quotes. */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

/** The commands of `sh` blocks, and inline `curl …` and `VAR=… npm start` spans. */
function docCommands(file: string): DocCommand[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const commands: DocCommand[] = [];
  let section = '';
  let fence: string | null = null;
  let pending = '';
  let pendingLine = 0;
  let comments: string[] = [];
  lines.forEach((line, index) => {
    const fenceMatch = /^```(\w*)/.exec(line);
    if (fenceMatch) {
      fence = fence === null ? (fenceMatch[1] ?? '') : null;
      comments = [];
      return;
    }
    if (fence === null) {
      if (/^#{1,6} /.test(line)) section = line;
      for (const [, span = ''] of line.matchAll(/`((?:curl |[A-Z_]+=\S+ +npm start)[^`]*)`/g)) {
        commands.push({ where: `${file}:${index + 1}`, section, text: span, expectedErrors: [] });
      }
      return;
    }
    if (!['sh', 'bash', 'shell'].includes(fence)) return;
    if (pending === '' && /^\s*#/.test(line)) {
      comments.push(line);
      return;
    }
    if (pending === '') pendingLine = index + 1;
    const code = withoutComment(line);
    if (code.endsWith('\\')) {
      pending += `${code.slice(0, -1).trimEnd()} `;
      return;
    }
    const text = `${pending}${code.trim()}`.trim();
    pending = '';
    if (text === '') return;
    const expected = /expect errors?: *([A-Z_, ]+)/.exec(comments.join(' '))?.[1] ?? '';
    commands.push({
      where: `${file}:${pendingLine}`,
      section,
      text,
      expectedErrors: expected.split(/[ ,]+/).filter(Boolean),
    });
    comments = [];
  });
  return commands;
}

/** Leading `VAR=value` words of a command, their values evaluated by the shell, and the rest. */
async function splitEnv(text: string): Promise<{ env: Record<string, string>; rest: string }> {
  const env: Record<string, string> = {};
  let rest = text;
  for (;;) {
    const match = /^([A-Z_][A-Z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s+/.exec(rest);
    if (!match) return { env, rest };
    const { stdout } = await run('sh', ['-c', `printf '%s' ${match[2]}`]);
    env[match[1] ?? ''] = stdout;
    rest = rest.slice(match[0].length);
  }
}

const servers = new Map<string, Promise<{ child: RunningChild; origin: string }>>();

/** The real server (`src/server.ts`, as `npm run dev` runs it) with `env`; host and port are ours. */
function serverWith(env: Record<string, string>) {
  const key = JSON.stringify(env);
  let server = servers.get(key);
  if (server === undefined) {
    server = (async () => {
      const child = runEntry(join(ROOT, 'src/server.ts'), {
        SWR_ENDPOINT: '',
        LOG_LEVEL: 'info',
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
      });
      const line = await child.waitForLine(/swr-bff is listening/, 30_000);
      const { url } = JSON.parse(line) as { url: string };
      return { child, origin: new URL(url).origin };
    })();
    servers.set(key, server);
  }
  return server;
}

afterAll(async () => {
  for (const server of servers.values()) {
    const { child } = await server;
    child.child.kill('SIGTERM');
    await child.exited();
  }
});

describe.each(DOCS)('every command in %s works as pasted', (file) => {
  const commands = docCommands(file);

  it('runs each curl against a real server, configured as the npm start before it says', async () => {
    const startEnv = new Map<string, Record<string, string>>();
    let curls = 0;
    for (const command of commands) {
      const { env, rest } = await splitEnv(command.text);
      if (/^npm start$/.test(rest)) {
        // The values must be accepted as the configuration (SWR_ENDPOINT a real region).
        expect(() => loadConfig(env), command.where).not.toThrow();
        startEnv.set(command.section, env);
        continue;
      }
      if (!rest.startsWith('curl ')) continue;
      curls++;
      expect(command.text, command.where).toContain(DOC_ORIGIN);
      const { SWR_ENDPOINT: _endpoint, ...serverEnv } = startEnv.get(command.section) ?? {};
      const { origin } = await serverWith(serverEnv);
      const { stdout } = await run('sh', ['-c', command.text.replaceAll(DOC_ORIGIN, origin)], {
        timeout: 20_000,
      });
      let body: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      try {
        body = JSON.parse(stdout);
      } catch {
        throw new Error(`${command.where}: not a GraphQL response: ${stdout.slice(0, 300)}`);
      }
      const codes = (body.errors ?? []).map((error) => error.extensions?.code);
      expect(codes, `${command.where}: ${stdout.slice(0, 300)}`).toEqual(command.expectedErrors);
      if (command.expectedErrors.length === 0) {
        expect(body.data, command.where).toBeTruthy();
      }
    }
    if (file === 'README.md') expect(curls).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('names only npm scripts, bench options and external tools that exist', async () => {
    let benchHelp: string | undefined;
    for (const command of commands) {
      const { rest } = await splitEnv(command.text);
      if (rest.startsWith('curl ')) continue;
      const external = Object.keys(EXTERNAL).find(
        (tool) => rest === tool || rest.startsWith(tool.endsWith('/') ? tool : `${tool} `),
      );
      if (external !== undefined) continue;
      for (const part of rest.split('&&').map((piece) => piece.trim())) {
        const npm = /^npm (install|ci|start|test|run (\S+))(?: -- (.*))?$/.exec(part);
        expect(npm, `${command.where}: "${part}" is neither npm, curl nor a known tool`).not.toBe(
          null,
        );
        const script = npm?.[2] ?? npm?.[1];
        if (script === 'install' || script === 'ci' || script === undefined) continue;
        expect(PACKAGE.scripts[script], `${command.where}: npm script ${script}`).toBeDefined();
        const options = [...(npm?.[3] ?? '').matchAll(/(?:^|\s)(--[\w-]+)/g)].map((m) => m[1]);
        if (script === 'bench' && options.length > 0) {
          benchHelp ??= (
            await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--help'], {
              cwd: ROOT,
            })
          ).stdout;
          for (const option of options) expect(benchHelp, command.where).toContain(option);
        }
      }
    }
  }, 60_000);
});
