import { describe, expect, it } from 'vitest';
import type { AppSettings } from '../../src/app.js';
import { createTestGateway, errorCodes } from '../helpers/gateway.js';

const globalId = (typename: string, localId: string) =>
  Buffer.from(`${typename}:${localId}`).toString('base64');

/** `count` distinct ids of namespaces that do not exist. */
const namespaceIds = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => globalId('Namespace', `n${from + index}`));

const NODES = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const ENTITIES =
  'query($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';

function gateway(settings: Partial<AppSettings> = {}) {
  return createTestGateway({ settings });
}

async function postStatus(test: ReturnType<typeof gateway>, query: string, variables: object) {
  const response = await test.app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: 'Bearer alice',
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('entity loads by key (MAX_ENTITIES)', () => {
  it('refuses 3,676 distinct ids in nodes(ids:) with TOO_MANY_ENTITIES and 0 SWR calls', async () => {
    const test = gateway();
    const ids = namespaceIds(3676);
    expect(JSON.stringify({ query: NODES, variables: { ids } }).length).toBeLessThan(102_400);
    const { status, body } = await postStatus(test, NODES, { ids });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    const [error] = body.errors as Array<{ message: string; extensions: Record<string, unknown> }>;
    expect(error?.extensions).toMatchObject({
      code: 'TOO_MANY_ENTITIES',
      entities: 3676,
      maxEntities: 100,
    });
    expect(error?.message).toContain('MAX_ENTITIES');
    expect(test.emulator.callCount()).toBe(0);
  });

  it('serves 100 distinct ids, and counts an id asked for many times once', async () => {
    const test = gateway();
    const ids = [...namespaceIds(100), ...namespaceIds(100), ...namespaceIds(100)];
    const result = await test.query(NODES, { ids });
    expect(result.data?.nodes).toHaveLength(300);
    expect(new Set(errorCodes(result))).toEqual(new Set(['NOT_FOUND']));
    expect(test.emulator.callCount()).toBe(100);
  });

  it('adds up node, nodes and their aliases across the whole operation', async () => {
    const test = gateway();
    const query = `query($a: [ID!]!, $b: [ID!]!, $c: ID!) {
      one: nodes(ids: $a) { id }
      ... on Query { two: nodes(ids: $b) { id } }
      ...Three
    }
    fragment Three on Query { node(id: $c) { id } }`;
    const variables = { a: namespaceIds(50), b: namespaceIds(50, 50), c: namespaceIds(1, 100)[0] };
    const result = await test.query(query, variables);
    expect(errorCodes(result)).toEqual(['TOO_MANY_ENTITIES']);
    expect(result.errors?.[0]?.extensions?.entities).toBe(101);
    expect(test.emulator.callCount()).toBe(0);

    const overlapping = await test.query(query, { ...variables, b: namespaceIds(50, 10) });
    expect(errorCodes(overlapping)).not.toContain('TOO_MANY_ENTITIES');
  });

  it('does not count a field that @skip leaves out', async () => {
    const test = gateway();
    const query = `query($ids: [ID!]!, $skip: Boolean!) {
      a: nodes(ids: $ids) @skip(if: $skip) { id }
      b: nodes(ids: ["${namespaceIds(1)[0]}"]) { id }
    }`;
    const skipped = await test.query(query, { ids: namespaceIds(150), skip: true });
    expect(errorCodes(skipped)).toEqual(['NOT_FOUND']);
    const kept = await test.query(query, { ids: namespaceIds(150), skip: false });
    expect(errorCodes(kept)).toEqual(['TOO_MANY_ENTITIES']);
  });

  it('prices _entities the same way: one page of representations fits, more is refused', async () => {
    const test = gateway();
    const representations = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        __typename: 'Repository',
        namespace: 'nope-ns',
        name: `repo-${index}`,
      }));
    const page = await test.query(ENTITIES, { representations: representations(100) });
    expect(errorCodes(page)).not.toContain('TOO_MANY_ENTITIES');
    expect(test.emulator.callCount()).toBe(100);

    test.emulator.resetCalls();
    const { status, body } = await postStatus(test, ENTITIES, {
      representations: representations(101),
    });
    expect(status).toBe(400);
    expect((body.errors as Array<{ extensions: { code: string } }>)[0]?.extensions.code).toBe(
      'TOO_MANY_ENTITIES',
    );
    expect(test.emulator.callCount()).toBe(0);
  });

  it('takes its limit from MAX_ENTITIES and names it in the error', async () => {
    const test = gateway({ maxEntities: 5 });
    const result = await test.query(NODES, { ids: namespaceIds(6) });
    expect(errorCodes(result)).toEqual(['TOO_MANY_ENTITIES']);
    expect(result.errors?.[0]?.message).toMatch(/limit is 5 \(MAX_ENTITIES\)/);
    expect(test.emulator.callCount()).toBe(0);
  });
});
