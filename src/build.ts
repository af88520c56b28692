// `npm run build` (run by `npm start` first): compiles the server to plain JavaScript in `dist/`,
// so that production runs `node dist/server.js` without a TypeScript loader in the process.
//
// One ESM bundle of `src/` and its packages: Node then compiles one file instead of resolving and
// loading some 1,500 modules, which halves the start time (see bench/README.md). `splitting`
// keeps dynamic imports lazy: the embedded emulator is a chunk of its own, loaded only when
// `SWR_ENDPOINT` is unset. Left to `node_modules`: GraphiQL's 9 MB bundle (loaded on the first
// GraphiQL request) and OpenTelemetry (loaded only when tracing is on).
//
// Whitespace and comments are left out (names are kept, so stack traces stay readable; the source
// map has the rest) and licence comments go to `server.js.LEGAL.txt`: the bundle is then pure
// ASCII, which V8 keeps in memory at one byte per character instead of two.
//
// `process.env.NODE_ENV` is "production" inside the bundle only: graphql-js then skips its
// development-time check that every schema object comes from one copy of graphql (a cost on every
// type check, and the bundle holds exactly one copy).
//
// Usage: node --import tsx src/build.ts [outdir]   (default: dist)
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = process.argv[2] ?? 'dist';
rmSync(new URL(outdir, new URL('..', import.meta.url)), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/server.ts'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@graphql-yoga/render-graphiql/graphiql', '@opentelemetry/*'],
  define: { 'process.env.NODE_ENV': '"production"' },
  // The CommonJS packages in the bundle call `require` for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  minifyWhitespace: true,
  legalComments: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
