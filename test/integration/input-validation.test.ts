import { describe, expect, it } from 'vitest';
import { createTestGateway, errorCodes, type TestGateway } from '../helpers/gateway.js';

const globalId = (typename: string, localId: string) =>
  Buffer.from(`${typename}:${localId}`).toString('base64');

/** Log lines at pino's `error` level (50) or above. */
const errorLines = (gateway: TestGateway) =>
  gateway.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

/** Runs `query`, then checks that it was refused as BAD_USER_INPUT without SWR and quietly. */
async function expectRefused(
  gateway: TestGateway,
  label: string,
  query: string,
  variables: Record<string, unknown> = {},
  swrCalls = 0,
  code = 'BAD_USER_INPUT',
) {
  gateway.emulator.resetCalls();
  gateway.logs.length = 0;
  const result = await gateway.query(query, variables);
  expect(errorCodes(result), label).toEqual([code]);
  expect(gateway.emulator.callCount(), label).toBe(swrCalls);
  expect(errorLines(gateway), label).toEqual([]);
}

const NODE = 'query($id: ID!) { node(id: $id) { id } }';

describe('every road into SWR validates what it sends', () => {
  it('refuses node ids whose namespace, name or tag break the rules, with 0 SWR calls', async () => {
    const gateway = createTestGateway();
    const ids = {
      'a query string in the namespace': globalId('Repository', 'a?center=self/b'),
      'an upper-case namespace': globalId('Repository', 'UPPER_NS/x'),
      'a 20,000-character name': globalId('Repository', `ns/${'a'.repeat(20_000)}`),
      'a name with $': globalId('Repository', 'ns/a$b'),
      'a shared repository with an upper-case namespace': globalId(
        'SharedRepository',
        'self:UPPER_NS/x',
      ),
      'a tag with CR LF': globalId('ImageTag', 'ns/app:v1\r\nX-Injected: 1'),
      'a 5,000-character tag': globalId('ImageTag', `ns/app:${'v'.repeat(5000)}`),
      'an image tag of a bad namespace': globalId('ImageTag', 'a?b/app:v1'),
    };
    for (const [label, id] of Object.entries(ids)) {
      await expectRefused(gateway, label, NODE, { id });
    }
  });

  it('refuses _entities keys that break the rules, with 0 SWR calls', async () => {
    const gateway = createTestGateway();
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Repository { name } } }';
    const representations = {
      'a 500-character name': { __typename: 'Repository', namespace: 'ns', name: 'a'.repeat(500) },
      'an upper-case namespace': { __typename: 'Repository', namespace: 'UPPER_NS', name: 'x' },
      'a name with $': { __typename: 'SharedRepository', namespace: 'ns', name: 'a$b' },
      'a namespace that is no name': { __typename: 'Namespace', name: 'a?center=self' },
      'a missing key field': { __typename: 'Repository', namespace: 'ns' },
    };
    for (const [label, representation] of Object.entries(representations)) {
      await expectRefused(gateway, label, query, { r: [representation] });
    }
  });

  it('refuses imageTags(tag:) with CR LF or 5,000 characters before calling ListRepositoryTags', async () => {
    const gateway = createTestGateway();
    const query = `query($tag: String) {
      sharedRepositories(center: SELF, first: 1) { nodes { imageTags(tag: $tag) { totalCount } } }
    }`;
    for (const tag of ['v1\r\nX-Injected: 1', 'v'.repeat(5000), 'a b']) {
      gateway.emulator.resetCalls();
      gateway.logs.length = 0;
      const result = await gateway.query(query, { tag });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(gateway.emulator.callCount('listRepositoryTags')).toBe(0);
      expect(errorLines(gateway)).toEqual([]);
    }
    const accepted = await gateway.query(query, { tag: 'v1.2_rc-3' });
    expect(accepted.errors).toBeUndefined();
  });

  it('refuses a lone surrogate as BAD_USER_INPUT, not a crash with a stack in the log', async () => {
    const gateway = createTestGateway();
    // graphql-js's lexer already refuses one in the document, escaped or not.
    for (const name of ['\\ud800', '\ud800']) {
      await expectRefused(
        gateway,
        'literal',
        `{ repository(namespace: "ns", name: "${name}") { name } }`,
        {},
        0,
        'GRAPHQL_PARSE_FAILED',
      );
    }
    await expectRefused(
      gateway,
      'variable',
      'query($name: String!) { repository(namespace: "ns", name: $name) { name } }',
      { name: '\ud800' },
    );
    await expectRefused(
      gateway,
      'filter',
      'query($name: String!) { sharedRepositories(center: SELF, name: $name) { totalCount } }',
      { name: 'a\ud800' },
    );
  });

  it('refuses a repository name with a literal $, which SWR would read as /', async () => {
    const gateway = createTestGateway();
    await expectRefused(
      gateway,
      'repository',
      '{ repository(namespace: "ns", name: "a$b") { name } }',
    );
    await expectRefused(
      gateway,
      'filter',
      '{ sharedRepositories(center: SELF, name: "a$b") { totalCount } }',
    );
  });

  it('still serves names with / and tags as SWR spells them', async () => {
    const gateway = createTestGateway();
    const listed = await gateway.query(
      '{ sharedRepositories(center: SELF, first: 5) { nodes { id namespace name imageTags(first: 1) { nodes { id name } } } } }',
    );
    expect(listed.errors).toBeUndefined();
    for (const item of listed.data?.sharedRepositories.nodes ?? []) {
      const again = await gateway.query(NODE, { id: item.id });
      expect(again.errors).toBeUndefined();
      for (const tag of item.imageTags.nodes) {
        const found = await gateway.query(NODE, { id: tag.id });
        expect(found.errors).toBeUndefined();
      }
    }
  });
});
