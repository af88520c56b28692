import { describe, expect, it } from 'vitest';
import { NamespacesDocument, RepositoryDetailsDocument } from '../../src/generated/graphql.js';
import type { SwrTag } from '../../src/swr/wire/tag.js';
import { createTestGateway, errorCodes, type TestGateway } from '../helpers/gateway.js';

const iso = (text: string) => new Date(text).toISOString();

async function emulatorTags(
  gateway: TestGateway,
  namespace: string,
  name: string,
  query: Record<string, string> = {},
): Promise<SwrTag[]> {
  const path = `v2/manage/namespaces/${namespace}/repos/${name.replaceAll('/', '$')}/tags`;
  const response = await gateway.emulator.fetch(
    `http://swr.emulator.test/${path}?${new URLSearchParams(query)}`,
    { headers: { 'X-Auth-Token': 'alice' } },
  );
  const tags = (await response.json()) as SwrTag[];
  gateway.emulator.resetCalls();
  return tags;
}

/** An own repository with many tags and at least one share, and one whose name has a '/'. */
function pickRepositories(gateway: TestGateway) {
  const account = gateway.emulator.account('alice');
  const own = account.sharedRepositories('self');
  const busiest = [...own].sort((a, b) => b.num_images - a.num_images)[0];
  const slashed = own.find((item) => item.name.includes('/'));
  if (!busiest || !slashed) throw new Error('demo data lacks the repositories this test needs');
  return { account, busiest, slashed };
}

describe('Query.repository', () => {
  it('maps every detail field, tags and shares of a repository', async () => {
    const gateway = createTestGateway();
    const { account, slashed } = pickRepositories(gateway);
    const detail = account.repository(slashed.namespace, slashed.name);
    const shares = account.accessDomains(slashed.namespace, slashed.name) ?? [];
    const tags = account.tags(slashed.namespace, slashed.name) ?? [];
    if (!detail) throw new Error('no detail');
    const result = await gateway.execute(RepositoryDetailsDocument, {
      namespace: slashed.namespace,
      name: slashed.name,
      tagsFirst: 100,
    });
    expect(result.errors).toBeUndefined();
    const repository = result.data?.repository;
    expect(repository).toMatchObject({
      namespace: slashed.namespace,
      name: slashed.name,
      category: detail.category.toUpperCase(),
      description: detail.description,
      creatorName: detail.creator_name,
      sizeBytes: detail.size,
      isPublic: detail.is_public,
      tagCount: detail.num_images,
      downloadCount: detail.num_download,
      path: detail.path,
      internalPath: detail.internal_path,
      createdAt: iso(detail.created),
      updatedAt: iso(detail.updated),
      namespaceInfo: { name: slashed.namespace },
    });
    expect(repository?.imageTags?.totalCount).toBe(tags.length);
    const [firstTag] = tags;
    if (!firstTag) throw new Error('no tags');
    expect(repository?.imageTags?.edges[0]?.node).toEqual({
      id: expect.any(String),
      name: firstTag.Tag,
      digest: firstTag.digest,
      sizeBytes: firstTag.size,
      path: firstTag.path,
      internalPath: firstTag.internal_path,
      isTrusted: firstTag.is_trusted,
      scanned: firstTag.scanned,
      manifestKind: firstTag.tag_type === 1 ? 'MANIFEST_LIST' : 'MANIFEST',
      createdAt: iso(firstTag.created),
      updatedAt: iso(firstTag.updated),
    });
    expect(repository?.shares).toEqual(
      shares.map((share) => ({
        accessDomain: share.access_domain,
        permit: 'READ',
        expiresAt: share.deadline === 'forever' ? null : iso(share.deadline),
        description: share.description,
        creatorName: share.creator_name,
        createdAt: iso(share.created),
        updatedAt: iso(share.updated),
        active: share.status,
      })),
    );
    expect(gateway.emulator.calls.find((call) => call.route === 'showRepository')?.path).toContain(
      slashed.name.replaceAll('/', '$'),
    );
  });

  it('returns null with NOT_FOUND for a repository that does not exist', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(RepositoryDetailsDocument, {
      namespace: 'no-such-org',
      name: 'nothing',
    });
    expect(result.data?.repository).toBeNull();
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(result.errors?.[0]?.path).toEqual(['repository']);
  });

  it('refuses invalid names before any call', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(RepositoryDetailsDocument, {
      namespace: 'Invalid Org',
      name: 'x',
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(gateway.emulator.callCount()).toBe(0);
  });
});

describe('imageTags', () => {
  const ORDERS: Array<{
    orderBy?: { field: string; direction: string };
    query: Record<string, string>;
  }> = [
    { orderBy: undefined, query: {} },
    {
      orderBy: { field: 'UPDATED_AT', direction: 'ASC' },
      query: { order_column: 'updated_at', order_type: 'asc' },
    },
    {
      orderBy: { field: 'UPDATED_AT', direction: 'DESC' },
      query: { order_column: 'updated_at', order_type: 'desc' },
    },
    {
      orderBy: { field: 'NAME', direction: 'ASC' },
      query: { order_column: 'tag', order_type: 'asc' },
    },
    {
      orderBy: { field: 'NAME', direction: 'DESC' },
      query: { order_column: 'tag', order_type: 'desc' },
    },
  ];
  const PAGE = `query($ns: String!, $name: String!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ImageTagOrder, $tag: String) {
    repository(namespace: $ns, name: $name) {
      imageTags(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, tag: $tag) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { name }
      }
    }
  }`;

  it('walks every tag forward and backward in every order, one call per forward page', async () => {
    const gateway = createTestGateway();
    const { busiest } = pickRepositories(gateway);
    const vars = { ns: busiest.namespace, name: busiest.name };
    for (const { orderBy, query } of ORDERS) {
      const expected = (await emulatorTags(gateway, busiest.namespace, busiest.name, query)).map(
        (tag) => tag.Tag,
      );
      expect(expected.length).toBeGreaterThan(7);
      const size = 3;
      const forward: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const result = await gateway.query(PAGE, { ...vars, orderBy, first: size, after });
        expect(result.errors).toBeUndefined();
        const tags = result.data?.repository.imageTags;
        expect(tags.totalCount).toBe(expected.length);
        forward.push(...tags.nodes.map((node: { name: string }) => node.name));
        pages++;
        if (!tags.pageInfo.hasNextPage) break;
        after = tags.pageInfo.endCursor;
      }
      expect(forward).toEqual(expected);
      expect(gateway.emulator.callCount('listRepositoryTags')).toBe(pages);
      gateway.emulator.resetCalls();

      const backward: string[] = [];
      let before: string | null = null;
      for (;;) {
        const result = await gateway.query(PAGE, { ...vars, orderBy, last: size, before });
        const tags = result.data?.repository.imageTags;
        backward.unshift(...tags.nodes.map((node: { name: string }) => node.name));
        if (!tags.pageInfo.hasPreviousPage) break;
        before = tags.pageInfo.startCursor;
      }
      expect(backward).toEqual(expected);
      for (const call of gateway.emulator.calls.filter((c) => c.route === 'listRepositoryTags')) {
        expect(Number(call.query.offset) % Number(call.query.limit)).toBe(0);
      }
      gateway.emulator.resetCalls();
    }
  });

  it('filters by tag name as SWR does', async () => {
    const gateway = createTestGateway();
    const { busiest } = pickRepositories(gateway);
    const expected = await emulatorTags(gateway, busiest.namespace, busiest.name, { tag: 'v1' });
    const result = await gateway.query(PAGE, {
      ns: busiest.namespace,
      name: busiest.name,
      tag: 'v1',
      first: 100,
    });
    expect(
      result.data?.repository.imageTags.nodes.map((node: { name: string }) => node.name),
    ).toEqual(expected.map((tag) => tag.Tag));
    expect(result.data?.repository.imageTags.totalCount).toBe(expected.length);
  });

  it("refuses a cursor from another repository's tags", async () => {
    const gateway = createTestGateway();
    const { busiest, slashed } = pickRepositories(gateway);
    const first = await gateway.query(PAGE, {
      ns: busiest.namespace,
      name: busiest.name,
      first: 2,
    });
    const cursor = first.data?.repository.imageTags.pageInfo.endCursor;
    const result = await gateway.query(PAGE, {
      ns: slashed.namespace,
      name: slashed.name,
      first: 2,
      after: cursor,
    });
    expect(result.data?.repository).not.toBeNull();
    expect(result.data?.repository.imageTags).toBeNull();
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('namespaces', () => {
  it('lists the organizations with their access level, in one call', async () => {
    const gateway = createTestGateway();
    const account = gateway.emulator.account('alice');
    const result = await gateway.execute(NamespacesDocument, {});
    const access = (auth: number) => (auth >= 7 ? 'MANAGE' : auth >= 3 ? 'EDIT' : 'READ');
    expect(
      result.data?.namespaces.map(({ name, creatorName, access }) => ({
        name,
        creatorName,
        access,
      })),
    ).toEqual(
      account.namespaces.map((namespace) => ({
        name: namespace.name,
        creatorName: namespace.creator_name,
        access: access(namespace.auth),
      })),
    );
    expect(new Set(result.data?.namespaces.map((namespace) => namespace.access))).toEqual(
      new Set(['MANAGE', 'EDIT', 'READ']),
    );
    expect(gateway.emulator.callCount()).toBe(1);
  });

  it('returns null with NOT_FOUND for an organization that does not exist', async () => {
    const gateway = createTestGateway();
    const result = await gateway.query('{ namespace(name: "no-such-org") { name } }');
    expect(result.data?.namespace).toBeNull();
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
  });
});
