import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import {
  CreateRepositoryShareDocument,
  DeleteRepositoryShareDocument,
  UpdateRepositoryShareDocument,
} from '../../src/generated/graphql.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { unsharedRepository } from '../helpers/emulator-sharing.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

interface Body {
  // biome-ignore lint/suspicious/noExplicitAny: results of several documents
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

const THIRD_PARTY = `query ($name: String) {
  sharedRepositories(center: THIRD_PARTY, name: $name, first: 50) { nodes { namespace name domainName shareActive } }
}`;

describe('sharing mutations over HTTP against the emulator over HTTP', () => {
  const emulator = createEmulator();
  let upstream: EmulatorServer;
  let gateway: RunningServer;

  beforeAll(async () => {
    upstream = await startEmulatorServer(emulator, { port: 0 });
    const app = createApp({ ...TEST_SETTINGS, swrEndpoint: upstream.url, swrTimeoutMs: 300 });
    gateway = await listen(app, { port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  const post = async (query: string, variables: unknown, token = 'alice'): Promise<Body> => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Body;
  };

  it('shares, changes and stops sharing; bob sees it come and go', async () => {
    const repo = unsharedRepository(emulator, 'alice');
    const key = { namespace: repo.namespace, name: repo.name, accessDomain: 'bob' };
    const listedForBob = async () =>
      (
        (await post(THIRD_PARTY, { name: repo.name }, 'bob')).data?.sharedRepositories.nodes ?? []
      ).filter((node: { namespace: string }) => node.namespace === repo.namespace);

    emulator.resetCalls();
    const created = await post(print(CreateRepositoryShareDocument), key);
    expect(created.errors).toBeUndefined();
    expect(created.data.createRepositoryShare.repository.shares).toHaveLength(1);
    expect(emulator.callCount('createRepoDomains')).toBe(1);
    expect(emulator.callCount('showAccessDomain')).toBe(1);
    expect(await listedForBob()).toEqual([
      { namespace: repo.namespace, name: repo.name, domainName: 'alice', shareActive: true },
    ]);

    const updated = await post(print(UpdateRepositoryShareDocument), {
      ...key,
      expiresAt: null,
      description: 'over http',
    });
    expect(updated.data.updateRepositoryShare.share).toMatchObject({
      description: 'over http',
      expiresAt: null,
    });

    const conflict = await post(print(CreateRepositoryShareDocument), key);
    expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const deleted = await post(print(DeleteRepositoryShareDocument), key);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteRepositoryShare.repository.shares).toEqual([]);
    expect(await listedForBob()).toEqual([]);
  });

  it('never resends a POST whose answer came too late, and says UNKNOWN', async () => {
    const repo = unsharedRepository(emulator, 'alice');
    const fault = emulator.faults.inject({
      route: 'createRepoDomains',
      afterApply: true,
      delayMs: 800,
    });
    emulator.resetCalls();
    const result = await post(print(CreateRepositoryShareDocument), {
      namespace: repo.namespace,
      name: repo.name,
      accessDomain: 'carol',
    });
    fault.remove();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      outcome: 'UNKNOWN',
    });
    expect(emulator.callCount('createRepoDomains')).toBe(1);
    expect(emulator.account('alice').accessDomains(repo.namespace, repo.name)).toHaveLength(1);
  });

  it('lets one of two concurrent identical creates win and the other get CONFLICT', async () => {
    const repo = unsharedRepository(emulator, 'alice');
    const key = { namespace: repo.namespace, name: repo.name, accessDomain: 'dave' };
    const results = await Promise.all([
      post(print(CreateRepositoryShareDocument), key),
      post(print(CreateRepositoryShareDocument), key),
    ]);
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect(emulator.account('alice').accessDomains(repo.namespace, repo.name)).toHaveLength(1);
  });
});
