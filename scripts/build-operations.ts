// `npm run build:operations`: the operations package that frontends install, in build/operations/.
//
// It is its own small package, not the gateway's package.json: a frontend that installs it gets the
// typed documents (compiled from src/generated/graphql.ts to JavaScript and .d.ts by
// operations/tsconfig.json), the schema, and no runtime dependency of the gateway. Its name is
// `swr-bff`, so the import is `swr-bff/operations` there as in this repository (where package.json
// `exports` maps it to the TypeScript source); its version is the gateway's.
//
// `npm run pack:operations` then packs it into build/swr-bff-<version>.tgz.
//
// Usage: node --import tsx scripts/build-operations.ts [outdir]   (default: build/operations)
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(root, process.argv[2] ?? 'build/operations');
const gateway = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
};

rmSync(outdir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    resolve(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    resolve(root, 'operations/tsconfig.json'),
    '--outDir',
    resolve(outdir, 'dist'),
  ],
  { stdio: 'inherit' },
);
copyFileSync(resolve(root, 'schema/schema.graphql'), resolve(outdir, 'schema.graphql'));
copyFileSync(resolve(root, 'LICENSE'), resolve(outdir, 'LICENSE'));
copyFileSync(resolve(root, 'operations/README.md'), resolve(outdir, 'README.md'));

const manifest = {
  name: 'swr-bff',
  version: gateway.version,
  description: 'Typed GraphQL operations (TypedDocumentNode) and schema of the swr-bff gateway',
  license: gateway.license,
  type: 'module',
  sideEffects: false,
  exports: {
    './operations': { types: './dist/graphql.d.ts', default: './dist/graphql.js' },
    './schema.graphql': './schema.graphql',
    './package.json': './package.json',
  },
  files: ['dist', 'schema.graphql'],
  peerDependencies: { graphql: '^16.0.0', '@graphql-typed-document-node/core': '^3.2.0' },
};
writeFileSync(resolve(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`operations package ${manifest.name}@${manifest.version} in ${outdir}`);
