import { printSubgraphSchema } from '@apollo/subgraph';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema/index.js';

/**
 * `npm run codegen` prints the schema to `schema/schema.graphql` (sorted), the Federation subgraph
 * schema to `schema/subgraph.graphql`, and generates typed
 * documents (TypedDocumentNode) for `schema/operations/*.graphql` into `src/generated/`.
 * `npm run schema:check` fails when any of these files is stale.
 */
const config: CodegenConfig = {
  schema: printSchema(schema),
  documents: ['schema/operations/**/*.graphql'],
  emitLegacyCommonJSImports: false,
  overwrite: true,
  generates: {
    // The same schema as composition tools read it: with @link, @key and @shareable.
    'schema/subgraph.graphql': {
      plugins: [{ add: { content: printSubgraphSchema(schema) } }],
    },
    'schema/schema.graphql': {
      plugins: ['schema-ast'],
      config: { sort: true, includeDirectives: true },
    },
    'src/generated/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', SafeInt: 'number' },
      },
      // persisted-documents.json: sha256 → document, the manifest PERSISTED_OPERATIONS serves.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
    },
  },
};

export default config;
