import { describe, expect, it } from 'vitest';
import { SharedImagesDocument } from '../../src/generated/graphql.js';
import { emulatorSharedList, identity } from '../helpers/emulator-list.js';
import { createTestGateway, errorCodes } from '../helpers/gateway.js';

describe('sharedRepositories fields and filters', () => {
  it('maps every field of an item from the SWR list', async () => {
    const gateway = createTestGateway();
    const [expected] = await emulatorSharedList(gateway.emulator, 'alice', {
      center: 'thirdparty',
      limit: '1',
      offset: '0',
    });
    const result = await gateway.execute(SharedImagesDocument, { center: 'THIRD_PARTY', first: 1 });
    const node = result.data?.sharedRepositories.edges[0]?.node;
    if (!expected || !node) throw new Error('no item');
    expect(node).toEqual({
      namespace: expected.namespace,
      name: expected.name,
      domainName: expected.domain_name,
      category: expected.category.toUpperCase(),
      description: expected.description,
      sizeBytes: expected.size,
      isPublic: expected.is_public,
      tagCount: expected.num_images,
      downloadCount: expected.num_download,
      createdAt: new Date(expected.created_at).toISOString(),
      updatedAt: new Date(expected.updated_at).toISOString(),
      path: expected.path,
      internalPath: expected.internal_path,
      tags: expected.tags,
      shareActive: expected.status,
    });
  });

  it('serves sizes above 2^31 bytes exactly', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(SharedImagesDocument, { center: 'SELF', first: 100 });
    const sizes = result.data?.sharedRepositories.edges.map((edge) => edge.node.sizeBytes) ?? [];
    const all = await emulatorSharedList(gateway.emulator, 'alice', { center: 'self' });
    expect(all.some((item) => item.size > 2 ** 31)).toBe(true);
    expect(sizes).toEqual(all.slice(0, 100).map((item) => item.size));
  });

  it('applies namespace, name, domainName and active filters as SWR does', async () => {
    const gateway = createTestGateway();
    const all = await emulatorSharedList(gateway.emulator, 'alice', { center: 'thirdparty' });
    const sample = all.find((item) => item.name.includes('/')) ?? all[0];
    if (!sample) throw new Error('no data');
    const cases: Array<{ variables: Record<string, unknown>; query: Record<string, string> }> = [
      { variables: { namespace: sample.namespace }, query: { namespace: sample.namespace } },
      { variables: { name: sample.name }, query: { name: sample.name.replaceAll('/', '$') } },
      { variables: { domainName: sample.domain_name }, query: { domain_name: sample.domain_name } },
      { variables: { active: false }, query: { status: 'false' } },
      { variables: { active: true }, query: { status: 'true' } },
    ];
    for (const { variables, query } of cases) {
      const expected = await emulatorSharedList(gateway.emulator, 'alice', {
        center: 'thirdparty',
        ...query,
      });
      const result = await gateway.execute(SharedImagesDocument, {
        center: 'THIRD_PARTY',
        first: 100,
        ...variables,
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.sharedRepositories.totalCount).toBe(expected.length);
      expect(result.data?.sharedRepositories.edges.map((edge) => identity(edge.node))).toEqual(
        expected.slice(0, 100).map(identity),
      );
      const [call] = gateway.emulator.calls;
      expect(call?.query).toMatchObject(query);
      gateway.emulator.resetCalls();
    }
  });

  it('maps a category SWR adds later to OTHER and logs it once', async () => {
    const gateway = createTestGateway();
    const [item] = await emulatorSharedList(gateway.emulator, 'alice', {
      center: 'self',
      limit: '1',
      offset: '0',
    });
    gateway.emulator.faults.inject({
      route: 'listSharedRepositories',
      response: { status: 200, body: [{ ...item, category: 'quantum_app', total_range: 1 }] },
    });
    for (let i = 0; i < 2; i++) {
      const result = await gateway.execute(SharedImagesDocument, { center: 'SELF', first: 1 });
      expect(result.errors).toBeUndefined();
      expect(result.data?.sharedRepositories.edges[0]?.node.category).toBe('OTHER');
    }
    expect(gateway.logs.filter((line) => line.includes('quantum_app'))).toHaveLength(1);
  });
});

describe('sharedRepositories input validation', () => {
  const refused: Array<[string, Record<string, unknown>]> = [
    ['a namespace that breaks the naming rule', { namespace: 'Bad_Namespace' }],
    ['a namespace with adjacent separators', { namespace: 'ab.-cd' }],
    ['a namespace with three underscores', { namespace: 'ab___cd' }],
    ['a namespace of 65 characters', { namespace: `a${'b'.repeat(64)}` }],
    ['an empty name', { name: '' }],
    ['a name of 129 characters', { name: 'n'.repeat(129) }],
    ['a name with a control character', { name: 'bad\u0000name' }],
    ['active with SELF', { active: true }],
    ['a negative first', { first: -1 }],
    ['first above 100', { first: 101 }],
    ['last above 100', { last: 500 }],
    ['a cursor that is not one', { after: 'not-a-cursor' }],
  ];

  for (const [label, variables] of refused) {
    it(`refuses ${label} with BAD_USER_INPUT before any call`, async () => {
      const gateway = createTestGateway();
      const result = await gateway.execute(SharedImagesDocument, { center: 'SELF', ...variables });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toBeTruthy();
      expect(gateway.emulator.callCount()).toBe(0);
    });
  }

  it('accepts namespaces SWR accepts', async () => {
    const gateway = createTestGateway();
    for (const namespace of ['a', 'team', 'team-a.b', 'a__b', 'x1', `a${'b'.repeat(63)}`]) {
      const result = await gateway.execute(SharedImagesDocument, { center: 'SELF', namespace });
      expect(result.errors).toBeUndefined();
    }
  });

  it('refuses a cursor issued for another filter or order', async () => {
    const gateway = createTestGateway();
    const first = await gateway.execute(SharedImagesDocument, { center: 'SELF', first: 5 });
    const cursor = first.data?.sharedRepositories.pageInfo.endCursor;
    gateway.emulator.resetCalls();
    for (const variables of [
      { center: 'THIRD_PARTY' as const },
      { center: 'SELF' as const, orderBy: { field: 'NAME' as const, direction: 'ASC' as const } },
      { center: 'SELF' as const, name: 'api' },
    ]) {
      const result = await gateway.execute(SharedImagesDocument, { ...variables, after: cursor });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('refuses a valid cursor spelled any other way, before any call', async () => {
    const gateway = createTestGateway();
    const first = await gateway.execute(SharedImagesDocument, { center: 'SELF', first: 5 });
    const cursor = first.data?.sharedRepositories.pageInfo.endCursor ?? '';
    expect(cursor).not.toBe('');
    gateway.emulator.resetCalls();
    for (const suffix of ['A', 'AA', '=', '==', '.', '!', '~', ' ', '\n', 'é', '%00']) {
      const result = await gateway.execute(SharedImagesDocument, {
        center: 'SELF',
        after: cursor + suffix,
      });
      expect(errorCodes(result), JSON.stringify(suffix)).toEqual(['BAD_USER_INPUT']);
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('refuses a center SWR does not know, as a GraphQL validation error', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(SharedImagesDocument, {
      center: 'EVERYONE' as 'SELF',
    });
    expect(result.errors?.[0]?.message).toContain('EVERYONE');
    expect(gateway.emulator.callCount()).toBe(0);
  });
});
