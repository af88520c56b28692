import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { print } from 'graphql';
import { SharedImagesDocument } from 'swr-bff/operations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpGateway, startHttpGateway } from './http-gateway.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const node = (args: string[], cwd: string) => run(process.execPath, args, { cwd });
const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd });

/** A frontend's file: it imports the typed documents and runs one with fetch. */
const CONSUMER = `
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  SharedImagesDocument,
  type SharedImagesQuery,
  type SharedImagesQueryVariables,
} from 'swr-bff/operations';

async function request<R, V>(endpoint: string, token: string, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: \`Bearer \${token}\` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: R; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const variables: SharedImagesQueryVariables = { center: 'SELF', first: 2 };
// @ts-expect-error center is the ShareCenter enum, not any string
const wrong: SharedImagesQueryVariables = { center: 'EVERYONE' };
void wrong;

export async function sharedImages(endpoint: string, token: string): Promise<SharedImagesQuery> {
  const data = await request(endpoint, token, SharedImagesDocument, variables);
  const sizes: number[] = data.sharedRepositories.edges.map((edge) => edge.node.sizeBytes);
  void sizes;
  return data;
}
`;

/**
 * The operations package as a frontend gets it: `npm run pack:operations` builds and packs it, a
 * fresh project installs the tarball (offline: graphql and @graphql-typed-document-node/core, its
 * peers, are packed from this repository's node_modules), TypeScript checks and compiles a file
 * that imports the documents, and Node runs it against the gateway over HTTP.
 */
describe('the packed operations package in a fresh project', () => {
  const temp = mkdtempSync(join(tmpdir(), 'operations-package-'));
  const project = join(temp, 'frontend');
  let tarball = '';
  let gateway: HttpGateway;

  beforeAll(async () => {
    await npm(['run', 'pack:operations', '--', '--pack-destination', temp], REPO);
    tarball = readdirSync(temp).find((file) => /^swr-bff-.*\.tgz$/.test(file)) ?? '';
    for (const peer of ['graphql', '@graphql-typed-document-node/core']) {
      await npm(['pack', join(REPO, 'node_modules', peer), '--pack-destination', temp], REPO);
    }
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'frontend', private: true, type: 'module' }),
    );
    const tarballs = readdirSync(temp)
      .filter((file) => file.endsWith('.tgz'))
      .map((file) => join(temp, file));
    await npm(['install', '--offline', ...tarballs], project);
    gateway = await startHttpGateway();
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('holds the compiled documents and the schema, and depends on nothing but its peers', () => {
    const installed = join(project, 'node_modules/swr-bff');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(tarball).toBe(`swr-bff-${manifest.version}.tgz`);
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([
      '@graphql-typed-document-node/core',
      'graphql',
    ]);
    expect(readdirSync(installed).sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist',
      'package.json',
      'schema.graphql',
    ]);
    expect(readdirSync(join(installed, 'dist')).sort()).toEqual(['graphql.d.ts', 'graphql.js']);
    expect(readdirSync(join(project, 'node_modules')).sort()).toEqual([
      '.package-lock.json',
      '@graphql-typed-document-node',
      'graphql',
      'swr-bff',
    ]);
  });

  it('type-checks a file that imports the documents, then runs one against the gateway', async () => {
    writeFileSync(join(project, 'src/shared-images.ts'), CONSUMER);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: [],
          strict: true,
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      }),
    );
    const compile = node([join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
    await expect(compile.catch((error) => error.stdout)).resolves.toMatchObject({ stdout: '' });

    const { stdout } = await node(
      [
        '--input-type=module',
        '-e',
        "import { sharedImages } from './dist/shared-images.js';" +
          'console.log(JSON.stringify(await sharedImages(process.argv[1], "alice")));',
        `${gateway.url}/graphql`,
      ],
      project,
    );
    expect(gateway.emulator.calls).toHaveLength(1);
    const data = JSON.parse(stdout);
    expect(data.sharedRepositories.edges).toHaveLength(2);

    const direct = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
      body: JSON.stringify({
        query: print(SharedImagesDocument),
        variables: { center: 'SELF', first: 2 },
      }),
    });
    expect(data).toEqual(((await direct.json()) as { data: unknown }).data);
  });

  it('fails the type check when a variable has the wrong type', async () => {
    writeFileSync(
      join(project, 'src/wrong.ts'),
      "import type { SharedImagesQueryVariables } from 'swr-bff/operations';\n" +
        "export const variables: SharedImagesQueryVariables = { center: 'SELF', first: '10' };\n",
    );
    const check = node(
      [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit'],
      project,
    );
    await expect(check).rejects.toMatchObject({ stdout: expect.stringContaining('wrong.ts') });
    rmSync(join(project, 'src/wrong.ts'));
  });
});
