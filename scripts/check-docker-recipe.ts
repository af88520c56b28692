// `npm run deploy:check-recipe` (run by .ci/run): replays deploy/Dockerfile without a container
// engine. It copies a clean build context (git-tracked files less .dockerignore), runs every
// stage's steps as the Dockerfile states them (scripts/docker-recipe/), starts the last stage's CMD
// and probes it: /readyz, /healthz, a persisted operation (the manifest was copied) and GraphiQL
// with its tabs (schema/operations was copied); then SIGTERM must end it with code 0.
// It must run on the Node major of the Dockerfile's FROM lines (CI puts that Node first on PATH).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDockerfile } from './docker-recipe/dockerfile-steps.js';
import { prepareContext, replay } from './docker-recipe/replay.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const stages = parseDockerfile(readFileSync(join(repo, 'deploy/Dockerfile'), 'utf8'));
const majors = new Set(stages.map((stage) => /^node:(\d+)/.exec(stage.image)?.[1]));
const running = process.versions.node.split('.')[0];
if (majors.size !== 1 || !majors.has(running)) {
  throw new Error(
    `deploy/Dockerfile uses ${[...majors]}; this is Node ${running}: put that on PATH`,
  );
}

const workspace = mkdtempSync(join(tmpdir(), 'docker-recipe-'));
try {
  const context = join(workspace, 'context');
  console.log(`context: ${prepareContext(repo, context).length} files`);
  // A private npm cache, as in an image build: `npm cache clean` in the Dockerfile must not empty
  // the machine's, and nothing cached by hand can stand in for the registry. HOME stays, for the
  // machine's ~/.npmrc, and so do the variables naming extra certificate authorities (a registry
  // reached through a TLS-inspecting proxy), as a build machine's would.
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? workspace,
    npm_config_cache: join(workspace, 'npm-cache'),
    ...pick(process.env, ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']),
  };
  const image = replay(stages, { context, workspace, baseEnv });
  if (!image.user || ['root', '0'].includes(image.user)) throw new Error('USER must not be root');
  if (image.command[0] !== 'node') throw new Error('CMD must start node itself');

  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(image.command[0], image.command.slice(1), {
    cwd: image.workdir,
    env: {
      ...baseEnv,
      ...image.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CURSOR_SECRET: 'recipe-check-cursor-secret-0123456789',
      PERSISTED_OPERATIONS: 'allow',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('/readyz never 200');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const expect = (what: string, ok: boolean) => {
    if (!ok) throw new Error(`probe failed: ${what}`);
    console.log(`ok: ${what}`);
  };
  expect('GET /readyz 200', true);
  expect('GET /healthz 200', (await fetch(`${base}/healthz`)).status === 200);

  const manifest = JSON.parse(
    readFileSync(join(repo, 'src/generated/persisted-documents.json'), 'utf8'),
  ) as Record<string, string>;
  const [hash] = Object.entries(manifest).find(([, text]) =>
    text.startsWith('query SharedImagesCount'),
  ) ?? [''];
  const persisted = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
    body: JSON.stringify({
      variables: { center: 'SELF' },
      extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } },
    }),
  }).then((r) => r.json() as Promise<{ data?: { sharedRepositories?: { totalCount?: unknown } } }>);
  expect(
    'persisted SharedImagesCount answers with data',
    typeof persisted.data?.sharedRepositories?.totalCount === 'number',
  );
  const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
  expect(
    'GraphiQL with the SharedImagesCount tab',
    (await page.text()).includes('SharedImagesCount'),
  );

  child.kill('SIGTERM');
  const [code] = await exited;
  expect('exit code 0 after SIGTERM', code === 0);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])),
  );
}
