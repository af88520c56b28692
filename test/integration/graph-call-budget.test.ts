import { describe, expect, it } from 'vitest';
import { SharedImagesPageDocument } from '../../src/generated/graphql.js';
import { createTestGateway } from '../helpers/gateway.js';

function callsByRoute(calls: ReadonlyArray<{ route: string }>) {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.route] = (counts[call.route] ?? 0) + 1;
  return counts;
}

describe('the shared images page', () => {
  for (const center of ['SELF', 'THIRD_PARTY'] as const) {
    it(`costs at most 1 + 50 + 50 + 50 + distinct namespaces SWR calls for 50 ${center} items`, async () => {
      const gateway = createTestGateway();
      const result = await gateway.execute(SharedImagesPageDocument, { center, first: 50 });
      const edges = result.data?.sharedRepositories.edges ?? [];
      expect(edges).toHaveLength(50);
      const namespaces = new Set(edges.map((edge) => edge.node.namespace)).size;
      expect(namespaces).toBeGreaterThan(1);
      const counts = callsByRoute(gateway.emulator.calls);
      expect(counts).toEqual({
        listSharedRepositories: 1,
        showRepository: 50,
        listRepositoryTags: 50,
        listRepoDomains: 50,
        showNamespace: namespaces,
      });
      expect(gateway.emulator.calls.length).toBeLessThanOrEqual(1 + 50 + 50 + 50 + namespaces);
    });
  }

  it('fits the default query cost limit at the largest page size', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(
      SharedImagesPageDocument,
      { center: 'SELF', first: 100 },
      { token: 'large#150' },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.sharedRepositories.edges).toHaveLength(100);
  });

  it('serves every field of an own image with no error', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(SharedImagesPageDocument, { center: 'SELF', first: 10 });
    expect(result.errors).toBeUndefined();
    for (const { node } of result.data?.sharedRepositories.edges ?? []) {
      expect(node.repository?.id).toBeTruthy();
      expect(node.imageTags?.nodes.length).toBeGreaterThan(0);
      expect(node.imageTags?.nodes.length).toBeLessThanOrEqual(5);
      expect(node.shares?.length).toBeGreaterThan(0);
      expect(node.namespaceInfo?.name).toBe(node.namespace);
    }
  });

  it('keeps an image shared with you intact when SWR refuses its shares', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(SharedImagesPageDocument, {
      center: 'THIRD_PARTY',
      first: 10,
    });
    const edges = result.data?.sharedRepositories.edges ?? [];
    expect(edges).toHaveLength(10);
    const shareErrors = (result.errors ?? []).filter((error) => error.path?.at(-1) === 'shares');
    expect(shareErrors).toHaveLength(10);
    shareErrors.forEach((error, index) => {
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.path).toEqual(['sharedRepositories', 'edges', index, 'node', 'shares']);
    });
    for (const { node } of edges) {
      expect(node.shares).toBeNull();
      expect(node.name).toBeTruthy();
      expect(node.namespaceInfo).toBeNull();
    }
  });
});

describe('partial failure', () => {
  for (const status of [404, 500]) {
    it(`nulls only the tags of the one repository whose tags answer ${status}`, async () => {
      const gateway = createTestGateway({ settings: { swrRetries: 0 } });
      const first = await gateway.execute(SharedImagesPageDocument, { center: 'SELF', first: 8 });
      const victim = first.data?.sharedRepositories.edges[3]?.node;
      if (!victim) throw new Error('no data');
      const victimPath = `/${victim.namespace}/repos/${victim.name.replaceAll('/', '$')}/tags`;
      gateway.emulator.faults.inject({
        route: 'listRepositoryTags',
        match: (call) => call.path.endsWith(victimPath),
        response: { status, body: [{ errorCode: 'SVCSTG.SWR.5000063', errorMessage: 'boom' }] },
      });
      const result = await gateway.execute(SharedImagesPageDocument, { center: 'SELF', first: 8 });
      const edges = result.data?.sharedRepositories.edges ?? [];
      expect(edges).toHaveLength(8);
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]?.path).toEqual([
        'sharedRepositories',
        'edges',
        3,
        'node',
        'imageTags',
      ]);
      expect(result.errors?.[0]?.extensions?.code).toBe(
        status === 404 ? 'NOT_FOUND' : 'UPSTREAM_UNAVAILABLE',
      );
      edges.forEach(({ node }, index) => {
        if (index === 3) expect(node.imageTags).toBeNull();
        else expect(node.imageTags?.nodes.length).toBeGreaterThan(0);
        expect(node.repository).not.toBeNull();
        expect(node.shares).not.toBeNull();
      });
      expect(edges.map(({ node }) => node.id)).toEqual(
        first.data?.sharedRepositories.edges.map(({ node }) => node.id),
      );
    });
  }
});
