import { describe, expect, it } from 'vitest';
import { NodeByIdDocument } from '../../src/generated/graphql.js';
import { createTestGateway, errorCodes } from '../helpers/gateway.js';

const IDS_QUERY = `{
  sharedRepositories(center: SELF, first: 2) {
    nodes {
      id
      repository { id }
      imageTags(first: 2) { nodes { id } }
      namespaceInfo { id }
    }
  }
  third: sharedRepositories(center: THIRD_PARTY, first: 1) { nodes { id } }
}`;

async function sampleIds() {
  const gateway = createTestGateway();
  const result = await gateway.query(IDS_QUERY);
  const [item] = result.data?.sharedRepositories.nodes ?? [];
  return {
    gateway,
    ids: {
      SharedRepository: item.id as string,
      ThirdPartySharedRepository: result.data?.third.nodes[0].id as string,
      Repository: item.repository.id as string,
      ImageTag: item.imageTags.nodes[0].id as string,
      Namespace: item.namespaceInfo.id as string,
    },
  };
}

describe('global ids', () => {
  it('round-trip through node for every Node type', async () => {
    const { gateway, ids } = await sampleIds();
    for (const [label, id] of Object.entries(ids)) {
      const result = await gateway.execute(NodeByIdDocument, { id });
      expect(result.errors, label).toBeUndefined();
      expect(result.data?.node?.id, label).toBe(id);
      expect(result.data?.node?.__typename).toBe(
        label === 'ThirdPartySharedRepository' ? 'SharedRepository' : label,
      );
    }
  });

  it('are opaque and stable across requests', async () => {
    const first = await sampleIds();
    const second = await sampleIds();
    expect(second.ids).toEqual(first.ids);
    for (const id of Object.values(first.ids)) {
      expect(id).toMatch(/^[A-Za-z0-9+/=]+$/);
    }
  });

  it('load the same objects through node as through the list', async () => {
    const { gateway, ids } = await sampleIds();
    const result = await gateway.query(
      `query($id: ID!) { node(id: $id) { ... on SharedRepository { namespace name domainName sizeBytes tags } } }`,
      { id: ids.SharedRepository },
    );
    const listed = await gateway.query(
      '{ sharedRepositories(center: SELF, first: 1) { nodes { namespace name domainName sizeBytes tags } } }',
    );
    expect(result.data?.node).toEqual(listed.data?.sharedRepositories.nodes[0]);
  });

  it('answer nodes in the order asked, with null for a missing object', async () => {
    const { gateway, ids } = await sampleIds();
    const missing = Buffer.from('Repository:nope-ns/nothing-here').toString('base64');
    const result = await gateway.query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [ids.Namespace, missing, ids.Repository],
    });
    expect(result.data?.nodes).toEqual([{ id: ids.Namespace }, null, { id: ids.Repository }]);
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
  });

  it('refuse ids that are not ids of this API', async () => {
    const { gateway } = await sampleIds();
    gateway.emulator.resetCalls();
    for (const id of [
      'garbage',
      Buffer.from('Repository:no-slash').toString('base64'),
      Buffer.from('Namespace:Bad Name').toString('base64'),
      Buffer.from('ImageTag:ns/repo').toString('base64'),
      Buffer.from('SharedRepository:everyone:ns/repo').toString('base64'),
      Buffer.from('Unknown:1').toString('base64'),
    ]) {
      const result = await gateway.execute(NodeByIdDocument, { id });
      expect(result.data?.node ?? null).toBeNull();
      expect(result.errors?.length, id).toBe(1);
      expect(errorCodes(result), id).toEqual(['BAD_USER_INPUT']);
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });
});
