import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  CreateRepositoryShareDocument,
  DeleteRepositoryShareDocument,
  UpdateRepositoryShareDocument,
} from '../../src/generated/graphql.js';
import { unsharedRepository } from '../helpers/emulator-sharing.js';
import { createTestGateway, errorCodes, type TestGateway } from '../helpers/gateway.js';

function callsByRoute(calls: ReadonlyArray<{ route: string }>) {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.route] = (counts[call.route] ?? 0) + 1;
  return counts;
}

const FUTURE = '2099-01-01T00:00:00.000Z';

/** A gateway and one of alice's repositories that is shared with nobody yet. */
function setup(options: Parameters<typeof createTestGateway>[0] = {}) {
  const gateway = createTestGateway(options);
  const repo = unsharedRepository(gateway.emulator, 'alice');
  const key = { namespace: repo.namespace, name: repo.name };
  const sharesInEmulator = () =>
    gateway.emulator.account('alice').accessDomains(repo.namespace, repo.name) ?? [];
  return { gateway, key, sharesInEmulator };
}

const ONLY_SHARE = `mutation ($namespace: String!, $name: String!, $accessDomain: String!, $expiresAt: DateTime, $description: String) {
  createRepositoryShare(input: { namespace: $namespace, name: $name, accessDomain: $accessDomain, expiresAt: $expiresAt, description: $description }) {
    share { id accessDomain }
  }
}`;

async function share(
  gateway: TestGateway,
  key: { namespace: string; name: string },
  account = 'bob',
) {
  const result = await gateway.query(ONLY_SHARE, { ...key, accessDomain: account });
  expect(result.errors).toBeUndefined();
  gateway.emulator.resetCalls();
}

/** How bob's THIRD_PARTY list shows alice's repository `key` (filtered to its namespace). */
async function listedForBob(gateway: TestGateway, key: { namespace: string; name: string }) {
  const listed = await gateway.query(
    `query ($name: String) { sharedRepositories(center: THIRD_PARTY, name: $name, first: 50) { nodes { namespace name shareActive } } }`,
    { name: key.name },
    { token: 'bob' },
  );
  expect(listed.errors).toBeUndefined();
  return listed.data?.sharedRepositories.nodes.filter(
    (node: { namespace: string }) => node.namespace === key.namespace,
  );
}

describe('createRepositoryShare', () => {
  it('costs POST + ShowAccessDomain, +ShowRepository +ListRepoDomains for repository { shares }', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    const result = await gateway.execute(CreateRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      expiresAt: FUTURE,
      description: 'for the build',
      clientMutationId: 'm-1',
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data?.createRepositoryShare;
    expect(payload?.clientMutationId).toBe('m-1');
    expect(payload?.share).toMatchObject({
      namespace: key.namespace,
      repositoryName: key.name,
      accessDomain: 'bob',
      permit: 'READ',
      expiresAt: FUTURE,
      description: 'for the build',
      active: true,
    });
    expect(payload?.repository?.shares?.map((item) => item.accessDomain)).toEqual(['bob']);
    expect(payload?.repository?.shares?.[0]?.id).toBe(payload?.share.id);
    expect(callsByRoute(gateway.emulator.calls)).toEqual({
      createRepoDomains: 1,
      showAccessDomain: 1,
      showRepository: 1,
      listRepoDomains: 1,
    });
    const [post] = gateway.emulator.calls;
    expect(JSON.parse(post?.body ?? '')).toEqual({
      access_domain: 'bob',
      permit: 'read',
      deadline: FUTURE,
      description: 'for the build',
    });
    expect(sharesInEmulator()).toHaveLength(1);
  });

  it('costs exactly 2 calls without repository, and sends forever and an empty note by default', async () => {
    const { gateway, key } = setup();
    const result = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob' });
    expect(result.errors).toBeUndefined();
    expect(callsByRoute(gateway.emulator.calls)).toEqual({
      createRepoDomains: 1,
      showAccessDomain: 1,
    });
    expect(JSON.parse(gateway.emulator.calls[0]?.body ?? '')).toMatchObject({
      deadline: 'forever',
      description: '',
    });
  });

  it("shows alice's share in bob's THIRD_PARTY list", async () => {
    const { gateway, key } = setup();
    await share(gateway, key);
    const listed = await gateway.query(
      `query ($name: String) { sharedRepositories(center: THIRD_PARTY, name: $name, first: 50) { nodes { namespace name domainName shareActive } } }`,
      { name: key.name },
      { token: 'bob' },
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.sharedRepositories.nodes).toContainEqual({
      namespace: key.namespace,
      name: key.name,
      domainName: 'alice',
      shareActive: true,
    });
  });

  it('shows the share inactive to bob once its expiry passes while the emulator runs', async () => {
    let now = Date.now();
    const { gateway, key } = setup({ emulator: { now: () => now } });
    const expiresAt = new Date(now + 3_600_000).toISOString();
    const created = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob', expiresAt });
    expect(created.errors).toBeUndefined();
    expect(await listedForBob(gateway, key)).toEqual([{ ...key, shareActive: true }]);
    now += 2 * 3_600_000;
    expect(await listedForBob(gateway, key)).toEqual([{ ...key, shareActive: false }]);
  });

  it('answers CONFLICT with extensions.upstream when the share exists', async () => {
    const { gateway, key } = setup();
    await share(gateway, key);
    const again = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob' });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      upstream: { status: 409, errorCode: 'SVCSTG.SWR.4090089' },
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({ createRepoDomains: 1 });
  });

  it('lets exactly one of two concurrent identical creates succeed; the other is CONFLICT', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    const results = await Promise.all([
      gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob', description: 'first' }),
      gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob', description: 'second' }),
    ]);
    const codes = results.map((result) => errorCodes(result)[0] ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect(sharesInEmulator()).toHaveLength(1);
    const winner = results.find((result) => result.errors === undefined);
    expect(winner?.data?.createRepositoryShare.share.accessDomain).toBe('bob');
    expect(gateway.emulator.callCount('createRepoDomains')).toBe(2);
  });

  it('never retries a POST that timed out, and says its outcome is UNKNOWN', async () => {
    const { gateway, key, sharesInEmulator } = setup({ settings: { swrTimeoutMs: 100 } });
    gateway.emulator.faults.inject({ route: 'createRepoDomains', afterApply: true, delayMs: 400 });
    const result = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob' });
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      outcome: 'UNKNOWN',
    });
    expect(result.data).toBeNull();
    expect(gateway.emulator.callCount('createRepoDomains')).toBe(1);
    expect(sharesInEmulator()).toHaveLength(1);
  });

  it('never retries a POST whose connection dropped after it was applied', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    gateway.emulator.faults.inject({ route: 'createRepoDomains', afterApply: true, kind: 'reset' });
    const result = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob' });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      outcome: 'UNKNOWN',
    });
    expect(gateway.emulator.callCount('createRepoDomains')).toBe(1);
    expect(sharesInEmulator()).toHaveLength(1);
  });

  it('says APPLIED when the share was created but reading it back failed', async () => {
    const { gateway, key, sharesInEmulator } = setup({ settings: { swrRetries: 0 } });
    gateway.emulator.faults.inject({ route: 'showAccessDomain', response: { status: 503 } });
    const result = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob' });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: { status: 503 },
      outcome: 'APPLIED',
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({
      createRepoDomains: 1,
      showAccessDomain: 1,
    });
    expect(sharesInEmulator()).toHaveLength(1);
  });

  it('does not mark a plain SWR 5xx refusal as of unknown outcome', async () => {
    const { gateway, key } = setup();
    gateway.emulator.faults.inject({ route: 'createRepoDomains', response: { status: 503 } });
    const result = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob' });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: { status: 503 },
    });
    expect(result.errors?.[0]?.extensions).not.toHaveProperty('outcome');
    expect(gateway.emulator.callCount('createRepoDomains')).toBe(1);
  });
});

describe('input checked before any SWR call', () => {
  const LONG = 'a'.repeat(1025);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['a namespace against the naming rule', { namespace: 'Bad--NS' }],
    ['an empty repository name', { name: '' }],
    ['an empty account', { accessDomain: '' }],
    ['an account with whitespace', { accessDomain: 'bob smith' }],
    ['an account with a control character', { accessDomain: 'bob\u0007' }],
    ['an overlong account', { accessDomain: 'b'.repeat(65) }],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00.000Z' }],
    ['a description over 1024 code points', { description: LONG }],
  ];
  const documents = {
    createRepositoryShare: CreateRepositoryShareDocument,
    updateRepositoryShare: UpdateRepositoryShareDocument,
    deleteRepositoryShare: DeleteRepositoryShareDocument,
  } as const;
  for (const [mutation, document] of Object.entries(documents)) {
    for (const [what, change] of cases) {
      if (
        mutation === 'deleteRepositoryShare' &&
        ('expiresAt' in change || 'description' in change)
      ) {
        continue;
      }
      it(`${mutation} refuses ${what} with BAD_USER_INPUT and 0 SWR calls`, async () => {
        const { gateway, key } = setup();
        const variables = { ...key, accessDomain: 'bob', ...change };
        const result = await gateway.execute(
          document as typeof CreateRepositoryShareDocument,
          variables as never,
        );
        expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
        expect(gateway.emulator.callCount()).toBe(0);
      });
    }
  }

  it('accepts a description of 1024 code points that are 2048 UTF-16 units', async () => {
    const { gateway, key } = setup();
    const description = '😀'.repeat(1024);
    const result = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob', description });
    expect(result.errors).toBeUndefined();
  });
});

describe('while the circuit breaker is open', () => {
  it('fails every write fast, without calling SWR', async () => {
    // One failing caller opens it here (`swrBreakerMinCallers: 1`): this test is about writes.
    const { gateway, key } = setup({
      settings: { swrBreakerThreshold: 1, swrRetries: 0, swrBreakerMinCallers: 1 },
    });
    gateway.emulator.faults.inject({
      route: 'listNamespaces',
      response: { status: 503 },
      times: 1,
    });
    await gateway.query('{ namespaces { name } }');
    expect(gateway.app.breaker.state).toBe('open');
    gateway.emulator.resetCalls();
    const documents = [
      CreateRepositoryShareDocument,
      UpdateRepositoryShareDocument,
      DeleteRepositoryShareDocument,
    ] as const;
    for (const document of documents) {
      const result = await gateway.execute(document as typeof CreateRepositoryShareDocument, {
        ...key,
        accessDomain: 'bob',
        expiresAt: null,
      });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE' });
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });
});

describe('updateRepositoryShare', () => {
  it('costs PATCH + ShowAccessDomain, and returns the new terms', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    await share(gateway, key);
    const result = await gateway.execute(UpdateRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      expiresAt: FUTURE,
      description: 'changed',
      clientMutationId: 'u-1',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateRepositoryShare).toMatchObject({
      clientMutationId: 'u-1',
      share: { accessDomain: 'bob', expiresAt: FUTURE, description: 'changed' },
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({
      updateRepoDomains: 1,
      showAccessDomain: 1,
    });
    expect(sharesInEmulator()[0]).toMatchObject({ deadline: FUTURE, description: 'changed' });
  });

  it('keeps the expiry when expiresAt is omitted (one more read), and null means forever', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob', expiresAt: FUTURE });
    gateway.emulator.resetCalls();
    const keep = await gateway.query(
      `mutation ($namespace: String!, $name: String!) { updateRepositoryShare(input: { namespace: $namespace, name: $name, accessDomain: "bob", description: "note" }) { share { expiresAt description } } }`,
      key,
    );
    expect(keep.errors).toBeUndefined();
    expect(keep.data?.updateRepositoryShare.share).toEqual({
      expiresAt: FUTURE,
      description: 'note',
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({
      showAccessDomain: 2,
      updateRepoDomains: 1,
    });
    const forever = await gateway.query(
      `mutation ($namespace: String!, $name: String!) { updateRepositoryShare(input: { namespace: $namespace, name: $name, accessDomain: "bob", expiresAt: null }) { share { expiresAt description } } }`,
      key,
    );
    expect(forever.data?.updateRepositoryShare.share).toEqual({
      expiresAt: null,
      description: 'note',
    });
    expect(sharesInEmulator()[0]?.deadline).toBe('forever');
  });

  it('maps a missing share to NOT_FOUND with extensions.upstream, after 1 PATCH', async () => {
    const { gateway, key } = setup();
    const missing = await gateway.execute(UpdateRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      expiresAt: null,
    });
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { status: 400, errorCode: 'SVCSTG.SWR.4001090' },
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({ updateRepoDomains: 1 });
  });

  it('without expiresAt, answers NOT_FOUND for a missing repository from the first read, sending no PATCH', async () => {
    const { gateway, key } = setup();
    const missing = await gateway.query(
      `mutation ($namespace: String!, $name: String!) { updateRepositoryShare(input: { namespace: $namespace, name: $name, accessDomain: "bob", description: "note" }) { share { id } } }`,
      { namespace: key.namespace, name: 'no-such-repository' },
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { status: 404, errorCode: 'SVCSTG.SWR.4040010' },
    });
    expect(missing.errors?.[0]?.extensions).not.toHaveProperty('outcome');
    expect(callsByRoute(gateway.emulator.calls)).toEqual({ showAccessDomain: 1 });
  });

  it("renews an expired share: bob's THIRD_PARTY list shows it active again", async () => {
    let now = Date.now();
    const { gateway, key } = setup({ emulator: { now: () => now } });
    const expiresAt = new Date(now + 3_600_000).toISOString();
    const created = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob', expiresAt });
    expect(created.errors).toBeUndefined();
    now += 2 * 3_600_000;
    expect(await listedForBob(gateway, key)).toEqual([{ ...key, shareActive: false }]);

    const renewed = await gateway.execute(UpdateRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      expiresAt: null,
    });
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data?.updateRepositoryShare.share).toMatchObject({ expiresAt: null });
    expect(await listedForBob(gateway, key)).toEqual([{ ...key, shareActive: true }]);
  });

  it('says APPLIED when the change was made but reading the share back failed', async () => {
    const { gateway, key, sharesInEmulator } = setup({ settings: { swrRetries: 0 } });
    await share(gateway, key);
    gateway.emulator.faults.inject({ route: 'showAccessDomain', response: { status: 503 } });
    const result = await gateway.execute(UpdateRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      expiresAt: FUTURE,
      description: 'applied',
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      outcome: 'APPLIED',
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({
      updateRepoDomains: 1,
      showAccessDomain: 1,
    });
    expect(sharesInEmulator()[0]?.description).toBe('applied');
  });

  it('retries a PATCH that failed, within the budget', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    await share(gateway, key);
    gateway.emulator.faults.inject({
      route: 'updateRepoDomains',
      times: 1,
      response: { status: 500 },
    });
    const result = await gateway.execute(UpdateRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      expiresAt: null,
      description: 'retried',
    });
    expect(result.errors).toBeUndefined();
    expect(gateway.emulator.callCount('updateRepoDomains')).toBe(2);
    expect(sharesInEmulator()[0]?.description).toBe('retried');
  });

  it('says UNKNOWN when every attempt dropped after being applied', async () => {
    const { gateway, key } = setup({ settings: { swrRetries: 1 } });
    await share(gateway, key);
    gateway.emulator.faults.inject({ route: 'updateRepoDomains', afterApply: true, kind: 'reset' });
    const result = await gateway.execute(UpdateRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      expiresAt: null,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      outcome: 'UNKNOWN',
    });
    expect(gateway.emulator.callCount('updateRepoDomains')).toBe(2);
  });
});

describe('deleteRepositoryShare', () => {
  it('costs DELETE, +ShowRepository +ListRepoDomains for repository { shares }', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    await share(gateway, key);
    const result = await gateway.execute(DeleteRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
      clientMutationId: 'd-1',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.deleteRepositoryShare).toMatchObject({
      clientMutationId: 'd-1',
      repository: { shares: [] },
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({
      deleteRepoDomains: 1,
      showRepository: 1,
      listRepoDomains: 1,
    });
    expect(sharesInEmulator()).toHaveLength(0);
  });

  it('returns the id the share had, which node(id:) then reports NOT_FOUND', async () => {
    const { gateway, key } = setup();
    const created = await gateway.query(ONLY_SHARE, { ...key, accessDomain: 'bob' });
    const id = created.data?.createRepositoryShare.share.id;
    const found = await gateway.query(
      'query ($id: ID!) { node(id: $id) { id ... on RepositoryShare { namespace repositoryName accessDomain } } }',
      { id },
    );
    expect(found.data?.node).toEqual({
      id,
      namespace: key.namespace,
      repositoryName: key.name,
      accessDomain: 'bob',
    });
    const deleted = await gateway.execute(DeleteRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
    });
    expect(deleted.data?.deleteRepositoryShare.deletedShareId).toBe(id);
    const gone = await gateway.query('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(errorCodes(gone)).toEqual(['NOT_FOUND']);
  });

  it('maps a missing share to NOT_FOUND with extensions.upstream, after 1 DELETE', async () => {
    const { gateway, key } = setup();
    const missing = await gateway.execute(DeleteRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
    });
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { status: 400, errorCode: 'SVCSTG.SWR.4001090' },
    });
    expect(callsByRoute(gateway.emulator.calls)).toEqual({ deleteRepoDomains: 1 });
  });

  it('reports success when a retry finds the share gone after a dropped first attempt', async () => {
    const { gateway, key, sharesInEmulator } = setup();
    await share(gateway, key);
    gateway.emulator.faults.inject({
      route: 'deleteRepoDomains',
      afterApply: true,
      kind: 'reset',
      times: 1,
    });
    const result = await gateway.execute(DeleteRepositoryShareDocument, {
      ...key,
      accessDomain: 'bob',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.deleteRepositoryShare.repository?.shares).toEqual([]);
    expect(gateway.emulator.callCount('deleteRepoDomains')).toBe(2);
    expect(sharesInEmulator()).toHaveLength(0);
  });

  it("removes the share from bob's THIRD_PARTY list", async () => {
    const { gateway, key } = setup();
    await share(gateway, key);
    await gateway.execute(DeleteRepositoryShareDocument, { ...key, accessDomain: 'bob' });
    const listed = await gateway.query(
      `query ($name: String) { sharedRepositories(center: THIRD_PARTY, name: $name, first: 50) { nodes { namespace name } } }`,
      { name: key.name },
      { token: 'bob' },
    );
    expect(listed.data?.sharedRepositories.nodes).not.toContainEqual({
      namespace: key.namespace,
      name: key.name,
    });
  });
});

/** One sharing mutation, for the SWR refusals that all three map alike. */
interface ShareWrite {
  mutation: string;
  /** The SWR write it sends, once, whatever SWR answers. */
  route: 'createRepoDomains' | 'updateRepoDomains' | 'deleteRepoDomains';
  /** Whether it acts on an existing share (alice's with bob), which a refusal must leave as it was. */
  onExistingShare: boolean;
  /** Sends it for `key` as `token` (default alice), with terms that would change the share. */
  send(
    gateway: TestGateway,
    key: { namespace: string; name: string; accessDomain: string },
    token?: string,
  ): Promise<ExecutionResult>;
}

const SHARE_WRITES: ShareWrite[] = [
  {
    mutation: 'createRepositoryShare',
    route: 'createRepoDomains',
    onExistingShare: false,
    send: (gateway, key, token) =>
      gateway.execute(
        CreateRepositoryShareDocument,
        { ...key, expiresAt: FUTURE, description: 'refused' },
        { token },
      ),
  },
  {
    mutation: 'updateRepositoryShare',
    route: 'updateRepoDomains',
    onExistingShare: true,
    send: (gateway, key, token) =>
      gateway.execute(
        UpdateRepositoryShareDocument,
        { ...key, expiresAt: FUTURE, description: 'refused' },
        { token },
      ),
  },
  {
    mutation: 'deleteRepositoryShare',
    route: 'deleteRepoDomains',
    onExistingShare: true,
    send: (gateway, key, token) => gateway.execute(DeleteRepositoryShareDocument, key, { token }),
  },
];

for (const { mutation, route, onExistingShare, send } of SHARE_WRITES) {
  describe(`${mutation} refused by SWR`, () => {
    it(`maps a missing repository to NOT_FOUND with extensions.upstream, after 1 ${route}`, async () => {
      const { gateway, key } = setup();
      const missing = await send(gateway, {
        namespace: key.namespace,
        name: 'no-such-repository',
        accessDomain: 'bob',
      });
      expect(missing.errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        upstream: { status: 404, errorCode: 'SVCSTG.SWR.4040010' },
      });
      expect(callsByRoute(gateway.emulator.calls)).toEqual({ [route]: 1 });
    });

    it(`maps a foreign repository to FORBIDDEN with extensions.upstream, after 1 ${route}`, async () => {
      const { gateway, key } = setup();
      const foreign = await send(gateway, { ...key, accessDomain: 'carol' }, 'bob');
      expect(errorCodes(foreign)).toEqual(['FORBIDDEN']);
      expect(foreign.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        upstream: { status: 403, errorCode: 'SVCSTG.SWR.4039001' },
      });
      expect(callsByRoute(gateway.emulator.calls)).toEqual({ [route]: 1 });
    });

    it(`maps throttling (429) to RATE_LIMITED, sends ${route} once and changes nothing`, async () => {
      const { gateway, key, sharesInEmulator } = setup();
      if (onExistingShare) await share(gateway, key);
      const before = sharesInEmulator();
      expect(before).toHaveLength(onExistingShare ? 1 : 0);
      gateway.emulator.faults.inject({
        route,
        response: { status: 429, body: { error_code: 'APIG.0308', error_msg: 'throttled' } },
      });
      const result = await send(gateway, { ...key, accessDomain: 'bob' });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        upstream: { status: 429, errorCode: 'APIG.0308' },
      });
      expect(callsByRoute(gateway.emulator.calls)).toEqual({ [route]: 1 });
      expect(sharesInEmulator()).toEqual(before);
    });
  });
}
