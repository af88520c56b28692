import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { schema } from '../../src/schema/index.js';
import {
  createDeploymentsSubgraph,
  DEPLOYMENTS_SDL,
  type DeploymentRecord,
} from '../helpers/deployments-subgraph.js';
import { unsharedRepository } from '../helpers/emulator-sharing.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const TOKEN = 'fed-user';

function compose(swrSdl: string, swrUrl: string, deploymentsUrl: string) {
  return composeServices([
    { name: 'swr', url: `${swrUrl}/graphql`, typeDefs: parse(swrSdl) },
    { name: 'deployments', url: `${deploymentsUrl}/graphql`, typeDefs: parse(DEPLOYMENTS_SDL) },
  ]);
}

describe('swr-bff as an Apollo Federation v2 subgraph', () => {
  const emulator = createEmulator();
  let swr: RunningServer;
  let deploymentsServer: Server;
  let deploymentsUrl: string;
  let deployments: DeploymentRecord[];
  let gateway: ReturnType<typeof createGatewayRuntime>;

  beforeAll(async () => {
    const repositories = emulator.account(TOKEN).sharedRepositories('self').slice(0, 10);
    deployments = Array.from({ length: 50 }, (_, index) => {
      const repository = repositories[index % 10];
      if (!repository) throw new Error('too few repositories');
      return {
        id: `d${index}`,
        environment:
          ['dev', 'staging', 'prod', 'eu-prod', 'us-prod'][Math.floor(index / 10)] ?? 'dev',
        tag: 'latest',
        namespace: repository.namespace,
        name: repository.name,
      };
    });
    swr = await listen(createApp(TEST_SETTINGS, { fetch: emulator.fetch }), {
      port: 0,
      host: '127.0.0.1',
    });
    deploymentsServer = createServer(createDeploymentsSubgraph(deployments));
    await new Promise<void>((resolve) => deploymentsServer.listen(0, '127.0.0.1', resolve));
    deploymentsUrl = `http://127.0.0.1:${(deploymentsServer.address() as AddressInfo).port}`;

    const composed = compose(printSubgraphSchema(schema), swr.url, deploymentsUrl);
    expect(composed.errors).toBeUndefined();
    gateway = createGatewayRuntime({
      supergraph: composed.supergraphSdl as string,
      logging: false,
      maskedErrors: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({
          authorization: request.headers.get('authorization'),
          'x-auth-token': request.headers.get('x-auth-token'),
        }),
      },
    });
  });

  afterAll(async () => {
    await gateway?.dispose();
    await swr?.close();
    await new Promise((resolve) => deploymentsServer?.close(resolve));
  });

  async function query(
    text: string,
    headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
  ) {
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: text }),
    });
    return (await response.json()) as {
      // biome-ignore lint/suspicious/noExplicitAny: results of ad-hoc test documents
      data?: any;
      errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
    };
  }

  it('serves _service.sdl with the Federation v2 link and the entity keys', async () => {
    const response = await fetch(`${swr.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const { data } = (await response.json()) as { data: { _service: { sdl: string } } };
    expect(data._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    expect(data._service.sdl).toMatch(
      /type Repository implements Node\s+@key\(fields: "namespace name"\)/,
    );
    expect(data._service.sdl).toMatch(
      /type SharedRepository implements Node\s+@key\(fields: "namespace name"\)/,
    );
    expect(data._service.sdl).toMatch(/type Namespace implements Node\s+@key\(fields: "name"\)/);
  });

  it('crosses from deployments to swr-bff, batching 50 references of 10 repositories into 10 SWR calls', async () => {
    emulator.resetCalls();
    const result = await query(
      '{ deployments { id environment image { namespace name sizeBytes tagCount } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.deployments).toHaveLength(50);
    const account = emulator.account(TOKEN);
    for (const deployment of result.data.deployments) {
      const detail = account.repository(deployment.image.namespace, deployment.image.name);
      expect(deployment.image.sizeBytes).toBe(detail?.size);
    }
    expect(emulator.callCount('showRepository')).toBe(10);
    expect(emulator.calls.every((call) => call.token === TOKEN)).toBe(true);
  });

  it('crosses from swr-bff to deployments', async () => {
    const [first] = deployments;
    const result = await query(
      `{ repository(namespace: "${first?.namespace}", name: "${first?.name}") { name sizeBytes deployments { id environment } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.repository.name).toBe(first?.name);
    expect(result.data.repository.deployments.map((d: { id: string }) => d.id)).toEqual(
      deployments
        .filter((d) => d.name === first?.name && d.namespace === first?.namespace)
        .map((d) => d.id),
    );
  });

  it('carries the caller token through the router to SWR, as Authorization or X-Auth-Token', async () => {
    emulator.resetCalls();
    await query('{ deployments { image { sizeBytes } } }', { 'x-auth-token': 'other-user' });
    expect(emulator.calls.length).toBeGreaterThan(0);
    expect(emulator.calls.every((call) => call.token === 'other-user')).toBe(true);
    emulator.resetCalls();
    const anonymous = await query('{ deployments { image { sizeBytes } } }', {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(emulator.callCount()).toBe(0);
  });

  it('resolves a missing representation to null with an error at its path, keeping the rest', async () => {
    emulator.resetCalls();
    const [first] = deployments;
    const response = await fetch(`${swr.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Repository { name } ... on Namespace { name access } } }`,
        variables: {
          r: [
            { __typename: 'Repository', namespace: first?.namespace, name: first?.name },
            { __typename: 'Repository', namespace: first?.namespace, name: 'does-not-exist' },
            { __typename: 'Namespace', name: first?.namespace },
          ],
        },
      }),
    });
    const result = (await response.json()) as {
      data: { _entities: unknown[] };
      errors: Array<{ path: unknown[]; extensions: { code: string } }>;
    };
    expect(result.data._entities[0]).toEqual({ name: first?.name });
    expect(result.data._entities[1]).toBeNull();
    expect(result.data._entities[2]).toMatchObject({ name: first?.namespace });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toEqual(['_entities', 1]);
    expect(result.errors[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('composes the sharing mutations, and runs one through the router into both subgraphs', async () => {
    const composed = compose(printSubgraphSchema(schema), swr.url, deploymentsUrl);
    expect(composed.errors).toBeUndefined();
    expect(composed.supergraphSdl).toMatch(/type Mutation[^{]*\{[^}]*createRepositoryShare/);
    const repository = unsharedRepository(emulator, TOKEN);
    emulator.resetCalls();
    const result = await query(
      `mutation { createRepositoryShare(input: { namespace: "${repository.namespace}", name: "${repository.name}", accessDomain: "bob", clientMutationId: "fed-1" }) { clientMutationId share { id accessDomain } repository { name shares { accessDomain } deployments { id } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const payload = result.data.createRepositoryShare;
    expect(payload.clientMutationId).toBe('fed-1');
    expect(payload.share.accessDomain).toBe('bob');
    expect(payload.repository.shares).toEqual([{ accessDomain: 'bob' }]);
    expect(payload.repository.deployments).toEqual([]);
    expect(emulator.callCount('createRepoDomains')).toBe(1);
  });

  it('fails composition loudly when a key field is removed', () => {
    const sdl = printSubgraphSchema(schema).replace(
      /(type Repository implements Node\s+@key\(fields: "namespace name"\)\s*\{[\s\S]*?)\n\s*"""\s*Organization \(SWR namespace\)[^"]*"""\s*\n\s*namespace: String!/,
      '$1',
    );
    expect(sdl).not.toBe(printSubgraphSchema(schema));
    const composed = compose(sdl, swr.url, deploymentsUrl);
    expect(composed.errors?.length).toBeGreaterThan(0);
    expect(composed.errors?.map((error) => error.message).join('\n')).toMatch(/namespace/);
  });
});
