import { describe, expect, it } from 'vitest';
import { createTestGateway } from '../helpers/gateway.js';

describe('one fetch per entity per request', () => {
  it('fetches a repository once, however it is reached', async () => {
    const gateway = createTestGateway();
    const list = await gateway.query(
      '{ sharedRepositories(center: SELF, first: 3) { nodes { namespace name repository { id } } } }',
    );
    const [first] = list.data?.sharedRepositories.nodes ?? [];
    const repositoryId: string = first.repository.id;
    gateway.emulator.resetCalls();

    const result = await gateway.query(
      `query($ns: String!, $name: String!, $id: ID!) {
        sharedRepositories(center: SELF, first: 3) {
          nodes { repository { id } again: repository { sizeBytes } }
        }
        repository(namespace: $ns, name: $name) { id name }
        twice: repository(namespace: $ns, name: $name) { id }
        node(id: $id) { id ... on Repository { name } }
        nodes(ids: [$id, $id]) { id }
      }`,
      { ns: first.namespace, name: first.name, id: repositoryId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.repository.id).toBe(repositoryId);
    expect(result.data?.node.id).toBe(repositoryId);
    expect(result.data?.nodes.map((node: { id: string }) => node.id)).toEqual([
      repositoryId,
      repositoryId,
    ]);
    expect(gateway.emulator.callCount('showRepository')).toBe(3);
    expect(gateway.emulator.callCount('listSharedRepositories')).toBe(1);
  });

  it('fetches a tag window, a share list and a namespace once each when asked through aliases', async () => {
    const gateway = createTestGateway();
    const result = await gateway.query(`{
      sharedRepositories(center: SELF, first: 4) {
        nodes {
          a: imageTags(first: 5) { totalCount }
          b: imageTags(first: 5) { nodes { name } }
          s1: shares { accessDomain }
          s2: shares { active }
          n1: namespaceInfo { name }
          n2: namespaceInfo { access }
          repository { imageTags(first: 5) { totalCount } shares { accessDomain } namespaceInfo { name } }
        }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const namespaces = new Set(
      result.data?.sharedRepositories.nodes.map((node: { n1: { name: string } }) => node.n1.name),
    );
    expect(gateway.emulator.callCount('listRepositoryTags')).toBe(4);
    expect(gateway.emulator.callCount('listRepoDomains')).toBe(4);
    expect(gateway.emulator.callCount('showNamespace')).toBe(namespaces.size);
  });

  it('answers namespace lookups from an earlier namespaces list in the same request', async () => {
    const gateway = createTestGateway();
    const first = await gateway.query('{ namespaces { name } }');
    const name: string = first.data?.namespaces[0].name;
    gateway.emulator.resetCalls();
    const result = await gateway.query(
      `query($name: String!) { namespaces { name } namespace(name: $name) { name access } }`,
      { name },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.namespace.name).toBe(name);
    expect(gateway.emulator.callCount()).toBe(1);
  });

  it('keeps nothing between requests', async () => {
    const gateway = createTestGateway();
    const query = '{ sharedRepositories(center: SELF, first: 2) { nodes { repository { id } } } }';
    await gateway.query(query);
    await gateway.query(query);
    expect(gateway.emulator.callCount('showRepository')).toBe(4);
  });
});
