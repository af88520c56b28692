import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import {
  domainsPath,
  shareBody,
  sharingWorld,
  unsharedRepository,
} from '../helpers/emulator-sharing.js';

const sharesOf = (
  world: ReturnType<typeof sharingWorld>,
  repo: { namespace: string; name: string },
) => world.emulator.account('alice').accessDomains(repo.namespace, repo.name) ?? [];

describe('faults and counters on writes', () => {
  it('count writes by route and by method, with the body in the call log', async () => {
    const world = sharingWorld();
    const { emulator, call } = world;
    const repo = unsharedRepository(emulator, 'alice');
    await call('alice', 'POST', domainsPath(repo), shareBody('bob'));
    await call('alice', 'PATCH', `${domainsPath(repo)}/bob`, {
      permit: 'read',
      deadline: 'forever',
    });
    await call('alice', 'PATCH', `${domainsPath(repo)}/bob`, {
      permit: 'read',
      deadline: 'forever',
    });
    await call('alice', 'GET', `${domainsPath(repo)}/bob`);
    await call('alice', 'DELETE', `${domainsPath(repo)}/bob`);
    expect(emulator.callCount('createRepoDomains')).toBe(1);
    expect(emulator.callCount('updateRepoDomains')).toBe(2);
    expect(emulator.callCount('deleteRepoDomains')).toBe(1);
    expect(emulator.callCount('showAccessDomain')).toBe(1);
    expect(emulator.callCount({ method: 'patch' })).toBe(2);
    expect(emulator.callCount({ method: 'GET' })).toBe(1);
    expect(emulator.callCount({ route: 'updateRepoDomains', method: 'DELETE' })).toBe(0);
    expect(emulator.calls.map((entry) => [entry.route, entry.method, entry.status])).toEqual([
      ['createRepoDomains', 'POST', 201],
      ['updateRepoDomains', 'PATCH', 201],
      ['updateRepoDomains', 'PATCH', 201],
      ['showAccessDomain', 'GET', 200],
      ['deleteRepoDomains', 'DELETE', 204],
    ]);
    expect(JSON.parse(emulator.calls[0]?.body ?? '')).toEqual(shareBody('bob'));
    expect(emulator.calls[3]).not.toHaveProperty('body');
    expect(emulator.calls[4]?.body).toBe('');
  });

  it('fail the first N attempts of a PATCH or DELETE without applying them', async () => {
    const world = sharingWorld();
    const { emulator, call } = world;
    const repo = unsharedRepository(emulator, 'alice');
    await call('alice', 'POST', domainsPath(repo), shareBody('bob', 'forever', 'before'));
    emulator.faults.inject({
      route: 'updateRepoDomains',
      times: 2,
      response: { status: 500, body: [{ errorCode: 'SVCSTG.SWR.5000001', errorMessage: 'boom' }] },
    });
    emulator.faults.inject({ route: 'deleteRepoDomains', times: 1, kind: 'reset' });
    const patch = () =>
      call('alice', 'PATCH', `${domainsPath(repo)}/bob`, {
        permit: 'read',
        deadline: 'forever',
        description: 'after',
      });
    expect((await patch()).status).toBe(500);
    expect((await patch()).status).toBe(500);
    expect(sharesOf(world, repo)[0]?.description).toBe('before');
    expect((await patch()).status).toBe(201);
    expect(sharesOf(world, repo)[0]?.description).toBe('after');

    await expect(call('alice', 'DELETE', `${domainsPath(repo)}/bob`)).rejects.toThrow(
      'fetch failed',
    );
    expect(sharesOf(world, repo)).toHaveLength(1);
    expect((await call('alice', 'DELETE', `${domainsPath(repo)}/bob`)).status).toBe(204);
    expect((await call('alice', 'DELETE', `${domainsPath(repo)}/bob`)).status).toBe(400);
    expect(emulator.callCount('updateRepoDomains')).toBe(3);
    expect(emulator.callCount('deleteRepoDomains')).toBe(3);
  });

  it('apply a write and then drop the connection, answer too late or replace the answer (afterApply)', async () => {
    const world = sharingWorld();
    const { emulator, call } = world;
    const [first, second, third] = emulator.account('alice').repositories();
    if (first === undefined || second === undefined || third === undefined)
      throw new Error('no repos');

    emulator.faults.inject({
      route: 'createRepoDomains',
      times: 1,
      kind: 'reset',
      afterApply: true,
    });
    await expect(call('alice', 'POST', domainsPath(first), shareBody('bob'))).rejects.toThrow(
      'fetch failed',
    );
    expect(sharesOf(world, first).map((share) => share.access_domain)).toContain('bob');

    emulator.faults.inject({
      route: 'createRepoDomains',
      times: 1,
      delayMs: 60_000,
      afterApply: true,
    });
    const late = emulator.fetch(`http://swr.test/v2/manage${domainsPath(second)}`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 'alice' },
      body: JSON.stringify(shareBody('bob')),
      signal: AbortSignal.timeout(20),
    });
    await expect(late).rejects.toThrow();
    expect(sharesOf(world, second).map((share) => share.access_domain)).toContain('bob');

    emulator.faults.inject({
      route: 'updateRepoDomains',
      times: 1,
      response: { status: 503 },
      afterApply: true,
    });
    const replaced = await call('alice', 'PATCH', `${domainsPath(second)}/bob`, {
      permit: 'read',
      deadline: '2030-01-01T00:00:00Z',
    });
    expect(replaced.status).toBe(503);
    expect(sharesOf(world, second).find((share) => share.access_domain === 'bob')?.deadline).toBe(
      '2030-01-01T00:00:00Z',
    );

    emulator.faults.inject({ route: 'createRepoDomains', times: 1, kind: 'reset' });
    await expect(call('alice', 'POST', domainsPath(third), shareBody('bob'))).rejects.toThrow(
      'fetch failed',
    );
    expect(sharesOf(world, third).map((share) => share.access_domain)).not.toContain('bob');
  });

  it('delay writes like reads: a delayed DELETE is in flight and not yet applied', async () => {
    const world = sharingWorld();
    const { emulator, call } = world;
    const repo = unsharedRepository(emulator, 'alice');
    await call('alice', 'POST', domainsPath(repo), shareBody('bob'));
    emulator.faults.inject({ method: 'DELETE', times: 1, delayMs: 60_000 });
    const controller = new AbortController();
    const pending = emulator.fetch(`http://swr.test/v2/manage${domainsPath(repo)}/bob`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': 'alice' },
      signal: controller.signal,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(emulator.inFlight).toBe(1);
    expect(sharesOf(world, repo)).toHaveLength(1);
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
    expect(sharesOf(world, repo)).toHaveLength(1);
  });

  it('keep two racing identical POSTs apart while both are in flight: one 201, one 409', async () => {
    const world = sharingWorld();
    const { emulator, call } = world;
    const repo = unsharedRepository(emulator, 'alice');
    emulator.faults.inject({ route: 'createRepoDomains', delayMs: 30 });
    const responses = await Promise.all([
      call('alice', 'POST', domainsPath(repo), shareBody('bob', 'forever', 'one')),
      call('alice', 'POST', domainsPath(repo), shareBody('bob', 'forever', 'two')),
    ]);
    expect(emulator.maxInFlight).toBe(2);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(sharesOf(world, repo)).toHaveLength(1);
  });

  it('throttle writes with the per-token limit', async () => {
    const world = sharingWorld({ throttle: { limit: 1, windowMs: 60_000 } });
    const { emulator, call } = world;
    const repo = unsharedRepository(emulator, 'alice');
    expect((await call('alice', 'POST', domainsPath(repo), shareBody('bob'))).status).toBe(201);
    const throttled = await call('alice', 'DELETE', `${domainsPath(repo)}/bob`);
    expect(throttled.status).toBe(429);
    expect((await throttled.json()).error_code).toBe('APIG.0308');
    expect(sharesOf(world, repo)).toHaveLength(1);
  });
});

describe('writes over the HTTP server', () => {
  let server: EmulatorServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('read the body, race two POSTs to one share, and reset after applying', async () => {
    const emulator = createEmulator();
    server = await startEmulatorServer(emulator, { port: 0 });
    const repos = emulator.account('alice').repositories();
    const [first, second] = repos;
    if (first === undefined || second === undefined) throw new Error('no repos');
    const post = (repo: typeof first, body: unknown) =>
      fetch(`${server?.url}/v2/manage${domainsPath(repo)}`, {
        method: 'POST',
        headers: { 'X-Auth-Token': 'alice', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const statuses = await Promise.all([
      post(first, shareBody('bob')),
      post(first, shareBody('bob')),
    ]);
    expect(statuses.map((response) => response.status).sort()).toEqual([201, 409]);
    const listed = await fetch(`${server.url}/v2/manage${domainsPath(first)}/bob`, {
      headers: { 'X-Auth-Token': 'alice' },
    });
    expect(await listed.json()).toMatchObject({ access_domain: 'bob', exist: true, status: true });
    const bad = await post(first, { ...shareBody('carol'), permit: 'write' });
    expect(bad.status).toBe(400);

    emulator.faults.inject({
      route: 'createRepoDomains',
      kind: 'reset',
      afterApply: true,
      times: 1,
    });
    await expect(post(second, shareBody('bob'))).rejects.toThrow();
    expect(
      emulator
        .account('bob')
        .sharedRepositories('thirdparty')
        .map((item) => item.name),
    ).toEqual(expect.arrayContaining([first.name, second.name]));
    const deleted = await fetch(`${server.url}/v2/manage${domainsPath(first)}/bob`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': 'alice' },
    });
    expect(deleted.status).toBe(204);
    expect(emulator.callCount({ method: 'POST' })).toBe(4);
  });
});
