import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One copy of graphql for everything: vitest would otherwise load graphql's ESM build for our code
// while graphql-yoga loads the CommonJS build, and yoga would not recognise our GraphQLErrors.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/undici-globals.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'threads',
  },
});
