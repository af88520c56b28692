import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AppSettings } from '../../src/app.js';
import { type App, createApp } from '../../src/app.js';
import { createTestGateway, TEST_SETTINGS } from '../helpers/gateway.js';

interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
}

/** POSTs a document as JSON, as a browser client or GraphiQL would. */
async function post(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer alice', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

function gateway(settings: Partial<AppSettings> = {}) {
  const test = createTestGateway({ settings });
  return {
    emulator: test.emulator,
    post: (query: string, variables?: Record<string, unknown>) => post(test.app, query, variables),
  };
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const times = (n: number, make: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => make(i)).join('\n');

const PAGE = '{ sharedRepositories(center: SELF, first: 5) { totalCount nodes { name } } }';

describe('query shape limits (MAX_DEPTH, MAX_ALIASES, MAX_TOKENS)', () => {
  it('serves an ordinary query', async () => {
    const { post: run, emulator } = gateway();
    const answer = await run(PAGE);
    expect(answer.body.errors).toBeUndefined();
    expect(emulator.callCount()).toBe(1);
  });

  it('refuses nested `... on Query` spreads deeper than MAX_DEPTH with QUERY_TOO_DEEP', async () => {
    const { post: run, emulator } = gateway();
    const nested = `{ ${'... on Query { '.repeat(15)} sharedRepositories(center: SELF) { totalCount } ${'} '.repeat(15)} }`;
    const answer = await run(nested);
    expect(codes(answer)).toEqual(['QUERY_TOO_DEEP']);
    expect(answer.body.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/);
    expect(answer.body.data).toBeUndefined();
    expect(emulator.callCount()).toBe(0);
  });

  it('counts named fragments as depth too, and honours the app’s MAX_DEPTH', async () => {
    // armor counts a named spread as two levels: 4 spreads (8) + 3 field levels = 11.
    const chain = `query { ...F0 }\n${times(3, (i) => `fragment F${i} on Query { ...F${i + 1} }`)}
      fragment F3 on Query { sharedRepositories(center: SELF) { nodes { name } } }`;
    const strict = gateway({ maxDepth: 10 });
    expect(codes(await strict.post(chain))).toEqual(['QUERY_TOO_DEEP']);
    expect(strict.emulator.callCount()).toBe(0);
    const standard = gateway();
    expect((await standard.post(chain)).body.errors).toBeUndefined();
  });

  it('refuses a recursive fragment before any call, without hanging', async () => {
    const { post: run, emulator } = gateway();
    const answer = await run(`query { ...A }
      fragment A on Query { sharedRepositories(center: SELF) { totalCount } ...B }
      fragment B on Query { ...A }`);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    expect(codes(answer)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(emulator.callCount()).toBe(0);
  });

  it('refuses more aliases than MAX_ALIASES with TOO_MANY_ALIASES', async () => {
    const { post: run, emulator } = gateway();
    const answer = await run(
      `{ ${times(31, (i) => `a${i}: sharedRepositories(center: SELF, first: 1) { totalCount }`)} }`,
    );
    expect(codes(answer)).toEqual(['TOO_MANY_ALIASES']);
    expect(emulator.callCount()).toBe(0);
  });

  it('refuses 1000 aliases (TOO_MANY_TOKENS by default, TOO_MANY_ALIASES with room for tokens)', async () => {
    const aliases = `{ ${times(1000, (i) => `a${i}: sharedRepositories(center: SELF) { totalCount }`)} }`;
    const byDefault = gateway();
    expect(codes(await byDefault.post(aliases))).toEqual(['TOO_MANY_TOKENS']);
    const roomy = gateway({ maxTokens: 100_000 });
    expect(codes(await roomy.post(aliases))).toEqual(['TOO_MANY_ALIASES']);
    expect(byDefault.emulator.callCount() + roomy.emulator.callCount()).toBe(0);
  });

  it('refuses thousands of tokens with TOO_MANY_TOKENS', async () => {
    const { post: run, emulator } = gateway();
    const answer = await run(`{ ${'__typename '.repeat(5000)} }`);
    expect(codes(answer)).toEqual(['TOO_MANY_TOKENS']);
    expect(answer.body.errors?.[0]?.message).toBe('Token limit of 3000 exceeded.');
    expect(emulator.callCount()).toBe(0);
  });

  it('refuses a giant list of fragments with TOO_MANY_TOKENS', async () => {
    const { post: run, emulator } = gateway();
    const answer = await run(
      `query { sharedRepositories(center: SELF) { ...R0 } }\n${times(
        800,
        (i) => `fragment R${i} on SharedRepositoryConnection { totalCount }`,
      )}`,
    );
    expect(codes(answer)).toEqual(['TOO_MANY_TOKENS']);
    expect(emulator.callCount()).toBe(0);
  });

  it('refuses more than 50 directives with TOO_MANY_DIRECTIVES', async () => {
    const { post: run, emulator } = gateway();
    const answer = await run(`{ ${'__typename @include(if: true) '.repeat(51)} }`);
    expect(codes(answer)).toEqual(['TOO_MANY_DIRECTIVES']);
    expect(emulator.callCount()).toBe(0);
  });

  it('takes the directive limit from MAX_DIRECTIVES', async () => {
    const { post: run, emulator } = gateway({ maxDirectives: 3 });
    const three = await run(`{ ${'__typename @include(if: true) '.repeat(3)} }`);
    expect(three.body.errors).toBeUndefined();
    const four = await run(`{ ${'__typename @include(if: true) '.repeat(4)} }`);
    expect(codes(four)).toEqual(['TOO_MANY_DIRECTIVES']);
    expect(emulator.callCount()).toBe(0);
  });

  it('refuses a huge string argument before any call (BAD_USER_INPUT, or 413 past MAX_BODY_BYTES)', async () => {
    const { post: run, emulator } = gateway();
    const inline = await run(
      `{ sharedRepositories(center: SELF, name: "${'x'.repeat(50_000)}") { totalCount } }`,
    );
    expect(codes(inline)).toEqual(['BAD_USER_INPUT']);
    const variable = await run(
      'query ($name: String) { sharedRepositories(center: SELF, name: $name) { totalCount } }',
      { name: 'y'.repeat(50_000) },
    );
    expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
    const huge = await run(
      `{ sharedRepositories(center: SELF, name: "${'x'.repeat(200_000)}") { totalCount } }`,
    );
    expect(huge.status).toBe(413);
    expect(codes(huge)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(emulator.callCount()).toBe(0);
  });
});

describe('query cost (MAX_COST): first/last multiply their subtree', () => {
  const DOCUMENT =
    'query ($first: Int) { sharedRepositories(center: SELF, first: $first) { totalCount nodes { name namespace } } }';

  it('measures the cost per request from the variables, not once per document', async () => {
    // 1 + first × (totalCount 1 + nodes (1 + 2)) = 1 + 4 × first
    const { post: run, emulator } = gateway({ maxCost: 100 });
    expect((await run(DOCUMENT, { first: 24 })).body.errors).toBeUndefined();
    const refused = await run(DOCUMENT, { first: 25 });
    expect(codes(refused)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ cost: 101, maxCost: 100 });
    expect(refused.body.errors?.[0]?.message).toMatch(/Query cost 101 is above the limit of 100/);
    expect(refused.body.data).toBeUndefined();
    expect(emulator.callCount()).toBe(1);
  });

  it('keeps measuring by the variables when the same requests come again', async () => {
    const { post: run, emulator } = gateway({ maxCost: 100 });
    for (let round = 0; round < 3; round++) {
      const refused = await run(DOCUMENT, { first: 25 });
      expect(codes(refused)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ cost: 101, maxCost: 100 });
      expect((await run(DOCUMENT, { first: 24 })).body.errors).toBeUndefined();
    }
    // One SWR call per admitted request, none for the refused ones.
    expect(emulator.callCount()).toBe(3);
  });

  it('answers 400 under application/graphql-response+json, like other request errors', async () => {
    const test = createTestGateway({ settings: { maxCost: 10 } });
    const answer = await post(
      test.app,
      DOCUMENT,
      { first: 5 },
      {
        accept: 'application/graphql-response+json',
      },
    );
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(answer.body.errors?.[0]?.extensions).not.toHaveProperty('http');
  });

  it('counts a connection without first/last as 20 items', async () => {
    const { post: run } = gateway({ maxCost: 80 });
    // 1 + 20 × 4 = 81
    expect(codes(await run(DOCUMENT, {}))).toEqual(['QUERY_TOO_COMPLEX']);
    expect((await run(DOCUMENT, { first: 19 })).body.errors).toBeUndefined();
  });

  it('honours each app’s own MAX_COST', async () => {
    const small = gateway({ maxCost: 50 });
    const large = gateway({ maxCost: 5000 });
    expect(codes(await small.post(DOCUMENT, { first: 50 }))).toEqual(['QUERY_TOO_COMPLEX']);
    expect((await large.post(DOCUMENT, { first: 50 })).body.errors).toBeUndefined();
    expect(small.emulator.callCount()).toBe(0);
  });

  it('adds up aliased connections, and refuses them before any call', async () => {
    const { post: run, emulator } = gateway();
    const answer = await run(
      `{ ${times(
        30,
        (i) =>
          `a${i}: sharedRepositories(center: SELF, first: 100) { edges { cursor node { name namespace domainName } } }`,
      )} }`,
    );
    expect(codes(answer)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(emulator.callCount()).toBe(0);
  });
});

describe('introspection', () => {
  it('serves the standard introspection query (GraphiQL, codegen) without a token', async () => {
    const test = createTestGateway();
    const answer = await post(
      test.app,
      getIntrospectionQuery({ inputValueDeprecation: true }),
      {},
      {
        authorization: '',
      },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.__schema).toBeTruthy();
  });

  it('refuses deep ofType chains and nested lists with QUERY_TOO_DEEP', async () => {
    const { post: run } = gateway();
    const ofTypes = `{ __schema { types { fields { type { ${'ofType { '.repeat(20)} name ${'} '.repeat(20)} } } } } }`;
    expect(codes(await run(ofTypes))).toEqual(['QUERY_TOO_DEEP']);
    const lists =
      '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    const answer = await run(lists);
    expect(codes(answer)).toEqual(['QUERY_TOO_DEEP']);
    expect(answer.body.errors?.[0]?.message).toBe('Maximum introspection depth exceeded');
    const viaType =
      '{ __type(name: "Query") { fields { type { fields { type { interfaces { name } } } } } } }';
    expect(codes(await run(viaType))).toEqual(['QUERY_TOO_DEEP']);
  });

  it('keeps field suggestions while introspection is on', async () => {
    const { post: run } = gateway({ introspection: true });
    const answer = await run('{ sharedRepositorie(center: SELF) { totalCount } }');
    expect(answer.body.errors?.[0]?.message).toMatch(/Did you mean "sharedRepositories"\?/);
  });

  describe('with GRAPHQL_INTROSPECTION=false', () => {
    it('refuses __schema and __type with INTROSPECTION_DISABLED, but serves __typename', async () => {
      const { post: run, emulator } = gateway({ introspection: false });
      expect(codes(await run('{ __schema { queryType { name } } }'))).toEqual([
        'INTROSPECTION_DISABLED',
      ]);
      expect(codes(await run('{ __type(name: "Query") { name } }'))).toEqual([
        'INTROSPECTION_DISABLED',
      ]);
      expect(codes(await run(getIntrospectionQuery()))).toContain('INTROSPECTION_DISABLED');
      expect((await run('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
      expect(emulator.callCount()).toBe(0);
    });

    it('leaks no schema names through "Did you mean" suggestions', async () => {
      const { post: run, emulator } = gateway({ introspection: false });
      // [document, variables, a schema name the error would otherwise suggest]
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['{ sharedRepositorie(center: SELF) { totalCount } }', {}, 'sharedRepositories'],
        ['{ sharedRepositories(center: SELF, nam: "x") { totalCount } }', {}, '"name"'],
        ['{ sharedRepositories(center: SELFF) { totalCount } }', {}, '"SELF"'],
        ['{ sharedRepositories(center: SELF) { nodes { nam } } }', {}, '"name"'],
        [
          'query ($c: ShareCenter!) { sharedRepositories(center: $c) { totalCount } }',
          { c: 'SELFF' },
          '"SELF"',
        ],
        [
          'query ($o: SharedRepositoryOrder) { sharedRepositories(center: SELF, orderBy: $o) { totalCount } }',
          { o: { field: 'NAMEE', direction: 'ASC' } },
          '"NAME"',
        ],
      ];
      const open = gateway({ introspection: true });
      for (const [document, variables, hidden] of cases) {
        const suggested = await open.post(document, variables);
        expect(suggested.body.errors?.map((e) => e.message).join(' '), document).toMatch(
          /Did you mean/,
        );
        const answer = await run(document, variables);
        expect(answer.body.errors?.length, document).toBeGreaterThan(0);
        for (const error of answer.body.errors ?? []) {
          expect(error.message).not.toMatch(/Did you mean/);
          expect(error.message).not.toContain(hidden);
        }
      }
      expect(emulator.callCount()).toBe(0);
    });
  });
});

describe('error masking', () => {
  it('masks a plain Error thrown under a resolver as "Unexpected error."', async () => {
    const app = createApp(
      { ...TEST_SETTINGS, swrRetries: 0 },
      {
        fetch: async () => {
          throw new RangeError('internal detail: heap at 0xdeadbeef, token alice');
        },
        logger: (await import('pino')).pino({ level: 'silent' }),
      },
    );
    const answer = await post(app, PAGE);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/deadbeef|RangeError|alice/);
  });
});
