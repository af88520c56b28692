import { createHash } from 'node:crypto';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  getIntrospectionQuery,
  isEnumType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type TypeNode,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import * as generated from '../../src/generated/graphql.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/paging/page-size.js';
import { schema } from '../../src/schema/index.js';
import { corsPolicy } from '../../src/security/cors.js';
import { withoutSuggestions } from '../../src/security/field-suggestions.js';
import {
  INTROSPECTION_MAX_DEPTH,
  introspectionDepthRule,
} from '../../src/security/introspection.js';
import {
  loadPersistedDocuments,
  persistedOperationId,
} from '../../src/security/persisted-operations.js';
import { connectionComplexity, defaultFieldComplexity } from '../../src/security/query-cost.js';

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  complexityFromQuery(query, { schema, variables }).complexity;

describe('query cost', () => {
  it('multiplies a connection’s subtree by first/last (default 20, between 1 and 100)', () => {
    expect(connectionComplexity({})).toEqual({ field: 1, multiplier: DEFAULT_PAGE_SIZE });
    expect(connectionComplexity({ first: 7 })).toEqual({ field: 1, multiplier: 7 });
    expect(connectionComplexity({ last: 9 })).toEqual({ field: 1, multiplier: 9 });
    expect(connectionComplexity({ first: 3, last: 8 })).toEqual({ field: 1, multiplier: 8 });
    expect(connectionComplexity({ first: 0 })).toEqual({ field: 1, multiplier: 1 });
    expect(connectionComplexity({ first: -5 })).toEqual({ field: 1, multiplier: 1 });
    expect(connectionComplexity({ last: 500 })).toEqual({ field: 1, multiplier: MAX_PAGE_SIZE });
  });

  it('counts other lists once, unless a list argument sizes them (`nodes(ids:)`)', () => {
    const list = { type: new GraphQLNonNull(new GraphQLList(GraphQLID)) };
    expect(defaultFieldComplexity({}, {}, list)).toEqual({ field: 1, multiplier: 1 });
    expect(defaultFieldComplexity({ ids: ['a', 'b', 'c'] }, {}, list)).toEqual({
      field: 1,
      multiplier: 3,
    });
    expect(defaultFieldComplexity({ ids: ['a', 'b'] }, {}, { type: GraphQLID })).toEqual({
      field: 1,
      multiplier: 1,
    });
  });

  it('prices the schema’s connection from its paging arguments', () => {
    // 1 + first × (totalCount 1 + nodes (1 + name 1 + namespace 1))
    const page =
      'query ($n: Int) { sharedRepositories(center: SELF, first: $n) { totalCount nodes { name namespace } } }';
    expect(cost(page, { n: 10 })).toBe(41);
    expect(cost(page, { n: 100 })).toBe(401);
    expect(cost(page)).toBe(1 + 20 * 4);
    // edges cost like nodes: the page size already counts them.
    expect(
      cost('{ sharedRepositories(center: SELF, last: 10) { edges { cursor node { name } } } }'),
    ).toBe(1 + 10 * (1 + 1 + 2));
    expect(cost('{ sharedRepositories(center: SELF, first: 0) { totalCount } }')).toBe(2);
  });

  it('keeps every committed operation under the default MAX_COST with its default paging', () => {
    const { maxCost } = loadConfig({});
    const documents = Object.values(generated).filter(isDocument);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      if (!operation) continue;
      const measured = complexityFromQuery(document, {
        schema,
        variables: requiredVariables(operation),
      }).complexity;
      expect(measured, operation.name?.value).toBeLessThanOrEqual(maxCost);
    }
    // The flagship list view, at the largest page SWR allows.
    const largest = complexityFromQuery(generated.SharedImagesDocument, {
      schema,
      variables: { center: 'SELF', first: 100 },
    }).complexity;
    expect(largest).toBeLessThanOrEqual(maxCost);
  });
});

describe('persisted-operation manifest', () => {
  const manifest = loadPersistedDocuments();

  it('holds exactly the typed documents, keyed by the SHA-256 of their text', () => {
    const hashes = Object.values(generated)
      .filter(isDocument)
      .map((document) => (document as { __meta__?: { hash?: string } }).__meta__?.hash);
    expect(hashes.every((hash) => typeof hash === 'string')).toBe(true);
    expect([...manifest.keys()].sort()).toEqual([...(hashes as string[])].sort());
    for (const [id, text] of manifest) {
      expect(id).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
      expect(validate(schema, parse(text))).toEqual([]);
    }
  });

  it('reads ids from documentId (with or without prefix) and from Apollo’s persistedQuery', () => {
    const hex = 'a'.repeat(64);
    expect(persistedOperationId({ documentId: `sha256:${hex}` } as never)).toBe(`sha256:${hex}`);
    expect(persistedOperationId({ documentId: hex } as never)).toBe(`sha256:${hex}`);
    expect(
      persistedOperationId({ extensions: { persistedQuery: { version: 1, sha256Hash: hex } } }),
    ).toBe(`sha256:${hex}`);
    expect(
      persistedOperationId({ extensions: { persistedQuery: { version: 2, sha256Hash: hex } } }),
    ).toBeNull();
    expect(persistedOperationId({ query: '{ __typename }' })).toBeNull();
  });
});

describe('introspection depth', () => {
  it('lets the standard introspection query through, and not a deeper one', () => {
    const rule = introspectionDepthRule(INTROSPECTION_MAX_DEPTH);
    const standard = getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
    });
    expect(validate(schema, parse(standard), [rule])).toEqual([]);
    const deep = `{ __type(name: "Query") { ${'ofType { '.repeat(INTROSPECTION_MAX_DEPTH)} name ${'} '.repeat(INTROSPECTION_MAX_DEPTH)} } }`;
    const errors = validate(schema, parse(deep), [rule]);
    expect(errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('measures through fragments without blowing up on fan-out', () => {
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment T${i} on __Type { ofType { ...T${i + 1} ...T${i + 1} } }`,
    ).join('\n');
    const document = parse(
      `{ __schema { queryType { ...T0 } } }\n${fragments}\nfragment T30 on __Type { name }`,
    );
    const started = Date.now();
    const errors = validate(schema, document, [introspectionDepthRule(20)]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
  });
});

describe('field suggestions', () => {
  it('removes every "Did you mean" form graphql-js writes', () => {
    expect(
      withoutSuggestions('Cannot query field "x" on type "Query". Did you mean "y" or "z"?'),
    ).toBe('Cannot query field "x" on type "Query".');
    expect(
      withoutSuggestions(
        'Value "SELFF" does not exist in "ShareCenter" enum. Did you mean the enum value "SELF"?',
      ),
    ).toBe('Value "SELFF" does not exist in "ShareCenter" enum.');
    expect(withoutSuggestions('Unknown argument "nam". Did you mean "name"? More.')).toBe(
      'Unknown argument "nam". More.',
    );
  });
});

describe('CORS policy', () => {
  const request = (origin?: string) =>
    new Request('http://gateway.test/graphql', { headers: origin ? { origin } : {} });

  it('compares origins, not spellings', () => {
    const policy = corsPolicy(['https://Console.Example.com:443/']);
    expect(policy(request('https://console.example.com'))).toMatchObject({
      origin: 'https://console.example.com',
      credentials: true,
    });
    expect(policy(request('http://console.example.com'))).toBe(false);
    expect(policy(request('null'))).toBe(false);
    expect(policy(request())).toBe(false);
    expect(corsPolicy([])(request('https://console.example.com'))).toBe(false);
  });
});

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && (value as DocumentNode).kind === 'Document';
}

/** Placeholder values for the required variables of an operation (strings, numbers, enums). */
function requiredVariables(operation: OperationDefinitionNode): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (!isNonNullTypeNode(definition.type) || definition.defaultValue) continue;
    const typeName = namedType(definition.type);
    const type = schema.getType(typeName);
    variables[definition.variable.name.value] = isEnumType(type)
      ? type.getValues()[0]?.name
      : typeName === 'Int' || typeName === 'Float'
        ? 1
        : typeName === 'Boolean'
          ? true
          : 'placeholder';
  }
  return variables;
}

function isNonNullTypeNode(type: TypeNode): boolean {
  return type.kind === Kind.NON_NULL_TYPE;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
