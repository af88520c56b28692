import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { projectFile } from '../project-root.js';

/** `PERSISTED_OPERATIONS`. */
export type PersistedOperationsMode = 'off' | 'allow' | 'only';

/**
 * The manifest `npm run codegen` writes from `schema/operations/*.graphql` (client-preset
 * `persistedDocuments`): `{ "sha256:<hex>": "<document>" }`, where `<hex>` is the SHA-256 of the
 * document text. The typed documents in `src/generated/graphql.ts` carry the same key as
 * `__meta__.hash`.
 */
export const PERSISTED_DOCUMENTS_URL = projectFile('src/generated/persisted-documents.json');

const DOCUMENT_ID = /^sha256:[0-9a-f]{64}$/;

/** Reads and checks a manifest (keyed by document id). Throws when it is missing or malformed. */
export function loadPersistedDocuments(url: URL = PERSISTED_DOCUMENTS_URL): Map<string, string> {
  const parsed: unknown = JSON.parse(readFileSync(url, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${url.pathname}: expected an object of hash → document`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (!DOCUMENT_ID.test(hash) || typeof document !== 'string') {
      throw new Error(`${url.pathname}: bad entry ${JSON.stringify(hash)}`);
    }
    documents.set(hash, document);
  }
  return documents;
}

/**
 * The document id (`sha256:<hex>`) a request names: `documentId: "sha256:<hex>"` (GraphQL over
 * HTTP persisted documents, in the JSON body or the GET query string; exactly codegen's
 * `__meta__.hash`), or Apollo's form
 * `extensions: { persistedQuery: { version: 1, sha256Hash: "<hex>" } }`. Null when neither.
 */
export function persistedOperationId(params: GraphQLParams, request?: Request): string | null {
  let { documentId } = params as { documentId?: unknown };
  if (documentId === undefined && request?.method === 'GET') {
    documentId = new URL(request.url).searchParams.get('documentId') ?? undefined;
  }
  if (typeof documentId === 'string') {
    return documentId.startsWith('sha256:') ? documentId : `sha256:${documentId}`;
  }
  const persistedQuery = (params.extensions as { persistedQuery?: unknown } | undefined)
    ?.persistedQuery;
  if (typeof persistedQuery === 'object' && persistedQuery !== null) {
    const { version, sha256Hash } = persistedQuery as { version?: unknown; sha256Hash?: unknown };
    if (version === 1 && typeof sha256Hash === 'string') return `sha256:${sha256Hash}`;
  }
  return null;
}

/**
 * Persisted operations for `PERSISTED_OPERATIONS`:
 * - `off`: ids are ignored; every request needs its `query`.
 * - `allow`: a request with a `query` runs it (its id, if any, is ignored); one without runs the
 *   manifest's document for its id (`PERSISTED_QUERY_NOT_FOUND` when the id is unknown).
 * - `only`: a request with a `query` is refused (`PERSISTED_QUERY_ONLY`); only ids run.
 * Persisted documents are validated and limited like any other.
 */
export function persistedOperationPlugins(
  mode: PersistedOperationsMode,
  documents: () => ReadonlyMap<string, string> = loadPersistedDocuments,
): Plugin[] {
  if (mode === 'off') return [useIgnoredDocumentId()];
  const manifest = documents();
  const persisted = usePersistedOperations({
    allowArbitraryOperations: mode === 'allow',
    extractPersistedOperationId: (params, request) => persistedOperationId(params, request),
    getPersistedOperation: (id) => manifest.get(id) ?? null,
    customErrors: {
      notFound: {
        message: 'PersistedQueryNotFound',
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND },
      },
      persistedQueryOnly: {
        message:
          'Only persisted operations are accepted: send `documentId` (or `extensions.persistedQuery.sha256Hash`) instead of `query`.',
        extensions: { code: ErrorCode.PERSISTED_QUERY_ONLY, http: { status: 400 } },
      },
      keyNotFound: {
        message: `${mode === 'allow' ? 'Send a query, or a' : 'Send a'} persisted-operation id: documentId (or extensions.persistedQuery.sha256Hash).`,
        extensions: { code: ErrorCode.PERSISTED_QUERY_ID_REQUIRED, http: { status: 400 } },
      },
    },
  }) as Plugin;
  return [persisted, useIgnoredDocumentId()];
}

/**
 * Drops a `documentId` that was not used (mode `off`, or a request that also sent `query`);
 * yoga would otherwise refuse it as an unexpected parameter.
 */
function useIgnoredDocumentId(): Plugin {
  return {
    onParams({ params, setParams }) {
      if (!('documentId' in params)) return;
      const { query, operationName, variables, extensions } = params;
      setParams({ query, operationName, variables, extensions });
    },
  };
}
