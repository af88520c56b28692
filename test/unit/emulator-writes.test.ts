import { describe, expect, it } from 'vitest';
import { createEmulator, SHARE_DESCRIPTION_MAX_LENGTH } from '../../src/emulator/emulator.js';
import {
  dollar,
  domainsPath,
  shareBody,
  sharingWorld,
  unsharedRepository,
} from '../helpers/emulator-sharing.js';

const errorCodeOf = async (response: Response) => {
  const body = await response.json();
  return Array.isArray(body) ? body[0]?.errorCode : body.errorCode;
};

describe('CreateRepoDomains (POST …/access-domains)', () => {
  it('refuses bad bodies with SWR codes and stores nothing', async () => {
    const { emulator, call } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    const path = domainsPath(repo);
    const cases: Array<[body: unknown, status: number, code: string]> = [
      ['not json', 400, 'SVCSTG.SWR.4000014'],
      ['[]', 400, 'SVCSTG.SWR.4000014'],
      ['', 400, 'SVCSTG.SWR.4000014'],
      [{ permit: 'read', deadline: 'forever' }, 400, 'SVCSTG.SWR.4000014'],
      [{ access_domain: 'bob', deadline: 'forever' }, 400, 'SVCSTG.SWR.4000014'],
      [{ ...shareBody('bob'), permit: 'write' }, 400, 'SVCSTG.SWR.4001091'],
      [{ ...shareBody('bob'), deadline: undefined }, 400, 'SVCSTG.SWR.4000014'],
      [shareBody('bob', 'tomorrow'), 400, 'SVCSTG.SWR.4000014'],
      [shareBody('bob', '2027-02-30T00:00:00Z'), 400, 'SVCSTG.SWR.4000014'],
      [shareBody('bob', '2027-01-01T08:00:00+08:00'), 400, 'SVCSTG.SWR.4000014'],
      [{ ...shareBody('bob'), description: 42 }, 400, 'SVCSTG.SWR.4000014'],
      [shareBody('has space'), 400, 'SVCSTG.SWR.4001041'],
      [shareBody(''), 400, 'SVCSTG.SWR.4001041'],
      [shareBody('x'.repeat(65)), 400, 'SVCSTG.SWR.4001041'],
      [shareBody('alice'), 400, 'SVCSTG.SWR.4001041'],
      [
        shareBody('bob', 'forever', 'é'.repeat(SHARE_DESCRIPTION_MAX_LENGTH + 1)),
        413,
        'SVCSTG.SWR.4131012',
      ],
      ['x'.repeat(64 * 1024 + 1), 413, 'SVCSTG.SWR.4131001'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call('alice', 'POST', path, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(await errorCodeOf(response)).toBe(code);
    }
    expect(emulator.account('alice').accessDomains(repo.namespace, repo.name)).toEqual([]);
  });

  it('accepts the documented deadline forms and the longest description', async () => {
    const { emulator, call } = sharingWorld();
    const repos = emulator.account('alice').repositories().slice(0, 3);
    const deadlines = ['2027-10-01T16:00:00.000Z', '2027-10-01T00:00:00Z', 'forever'];
    for (const [index, deadline] of deadlines.entries()) {
      const repo = repos[index] as (typeof repos)[number];
      const description = '🐳'.repeat(SHARE_DESCRIPTION_MAX_LENGTH);
      const response = await call(
        'alice',
        'POST',
        domainsPath(repo),
        shareBody('carol', deadline, description),
      );
      expect(response.status).toBe(201);
      const shares = emulator.account('alice').accessDomains(repo.namespace, repo.name);
      expect(shares?.find((share) => share.access_domain === 'carol')).toMatchObject({
        deadline,
        description,
        status: true,
      });
    }
    const { description: _omitted, ...withoutDescription } = shareBody('dave');
    const plain = await call('alice', 'POST', domainsPath(repos[0] as never), withoutDescription);
    expect(plain.status).toBe(201);
  });

  it('answers a duplicate with 409 SVCSTG.SWR.4090089 in the array shape', async () => {
    const { emulator, call } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    expect((await call('alice', 'POST', domainsPath(repo), shareBody('bob'))).status).toBe(201);
    const again = await call(
      'alice',
      'POST',
      domainsPath(repo),
      shareBody('bob', '2030-01-01T00:00:00Z'),
    );
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual([
      { errorCode: 'SVCSTG.SWR.4090089', errorMessage: expect.any(String), detail: '' },
    ]);
    expect(emulator.account('alice').accessDomains(repo.namespace, repo.name)).toEqual([
      expect.objectContaining({ access_domain: 'bob', deadline: 'forever' }),
    ]);
  });

  it('decodes $ in the repository name as /', async () => {
    const { emulator, call } = sharingWorld();
    const slashed = emulator
      .account('alice')
      .repositories()
      .find((item) => item.name.includes('/'));
    if (slashed === undefined) throw new Error('no slash repository');
    const path = `/namespaces/${slashed.namespace}/repositories/${dollar(slashed.name)}/access-domains`;
    expect((await call('alice', 'POST', path, shareBody('bob'))).status).toBe(201);
    expect(emulator.account('alice').accessDomains(slashed.namespace, slashed.name)).toContainEqual(
      expect.objectContaining({ repository: slashed.name, access_domain: 'bob' }),
    );
  });

  it('stores one share when two identical POSTs race: one 201, one 409', async () => {
    const { emulator, call } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    const responses = await Promise.all([
      call('alice', 'POST', domainsPath(repo), shareBody('bob', 'forever', 'first')),
      call('alice', 'POST', domainsPath(repo), shareBody('bob', 'forever', 'second')),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const shares = emulator.account('alice').accessDomains(repo.namespace, repo.name) ?? [];
    expect(shares).toHaveLength(1);
    const winner = responses[0]?.status === 201 ? 'first' : 'second';
    expect(shares[0]?.description).toBe(winner);
    expect(emulator.callCount('createRepoDomains')).toBe(2);
  });
});

describe('UpdateRepoDomains (PATCH) and DeleteRepoDomains (DELETE)', () => {
  it('update deadline and description, keep the description when omitted, answer 201 empty', async () => {
    const { emulator, call, read, advance } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    await call('alice', 'POST', domainsPath(repo), shareBody('bob', 'forever', 'note'));
    advance(60_000);
    const path = `${domainsPath(repo)}/bob`;
    const kept = await call('alice', 'PATCH', path, {
      permit: 'read',
      deadline: '2027-06-01T00:00:00Z',
    });
    expect(kept.status).toBe(201);
    expect(await kept.text()).toBe('');
    expect(await read('alice', path)).toMatchObject({
      deadline: '2027-06-01T00:00:00Z',
      description: 'note',
      created: '2026-12-05T09:00:00Z',
      updated: '2026-12-05T09:01:00Z',
    });
    await call('alice', 'PATCH', path, { permit: 'read', deadline: 'forever', description: '' });
    expect(await read('alice', path)).toMatchObject({ deadline: 'forever', description: '' });
  });

  it('refuse a bad body, and a missing share with the 400 root object', async () => {
    const { emulator, call } = sharingWorld({ errorShape: 'errors' });
    const repo = unsharedRepository(emulator, 'alice');
    await call('alice', 'POST', domainsPath(repo), shareBody('bob'));
    const path = `${domainsPath(repo)}/bob`;
    const cases: Array<[unknown, number, string]> = [
      [{ deadline: 'forever' }, 400, 'SVCSTG.SWR.4000014'],
      [{ permit: 'read' }, 400, 'SVCSTG.SWR.4000014'],
      [{ permit: 'pull', deadline: 'forever' }, 400, 'SVCSTG.SWR.4001091'],
      [
        { permit: 'read', deadline: 'forever', description: 'x'.repeat(1025) },
        413,
        'SVCSTG.SWR.4131012',
      ],
    ];
    for (const [body, status, code] of cases) {
      const response = await call('alice', 'PATCH', path, body);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        errors: [{ errorCode: code, errorMessage: expect.any(String) }],
      });
    }
    for (const method of ['PATCH', 'DELETE']) {
      const missing = await call('alice', method, `${domainsPath(repo)}/carol`, {
        permit: 'read',
        deadline: 'forever',
      });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({
        errorCode: 'SVCSTG.SWR.4001090',
        errorMessage: expect.any(String),
      });
    }
  });
});

describe('ownership of the sharing routes', () => {
  it('refuses writes to another account repository with 403 and unknown places with 404', async () => {
    const { emulator, call } = sharingWorld();
    const aliceRepo = unsharedRepository(emulator, 'alice');
    await call('alice', 'POST', domainsPath(aliceRepo), shareBody('bob'));
    const partnerRepo = emulator.account('bob').sharedRepositories('thirdparty')[0];
    if (partnerRepo === undefined) throw new Error('no generated share to bob');
    const bobNamespace = emulator.account('bob').namespaces[0]?.name;
    const aliceNamespace = aliceRepo.namespace;
    const writes = (path: string): Array<[string, string, unknown]> => [
      ['POST', path, shareBody('carol')],
      ['PATCH', `${path}/bob`, { permit: 'read', deadline: 'forever' }],
      ['DELETE', `${path}/bob`, undefined],
      ['GET', path, undefined],
    ];
    const expectations: Array<[path: string, status: number, code: string]> = [
      [domainsPath(aliceRepo), 403, 'SVCSTG.SWR.4039001'],
      [domainsPath(unsharedRepository(emulator, 'alice')), 403, 'SVCSTG.SWR.4039001'],
      [domainsPath(partnerRepo), 403, 'SVCSTG.SWR.4039001'],
      [`/namespaces/${aliceNamespace}/repositories/nope/access-domains`, 403, 'SVCSTG.SWR.4039001'],
      [`/namespaces/${bobNamespace}/repositories/nope/access-domains`, 404, 'SVCSTG.SWR.4040010'],
      ['/namespaces/nobody-owns-this/repositories/nope/access-domains', 404, 'SVCSTG.SWR.4040058'],
      ['/namespaces/-bad/repositories/nope/access-domains', 400, 'SVCSTG.SWR.4001028'],
      [`/namespaces/${bobNamespace}/repositories/Bad/access-domains`, 400, 'SVCSTG.SWR.4001029'],
    ];
    for (const [path, status, code] of expectations) {
      for (const [method, target, body] of writes(path)) {
        const response = await call('bob', method, target, body);
        expect(response.status, `${method} ${target}`).toBe(status);
        expect(await errorCodeOf(response)).toBe(code);
      }
    }
    expect(emulator.account('alice').accessDomains(aliceRepo.namespace, aliceRepo.name)).toEqual([
      expect.objectContaining({ access_domain: 'bob' }),
    ]);
  });

  it('knows the demo accounts organizations before their tokens are used', async () => {
    const { emulator, call } = sharingWorld();
    const aliceNamespace = createEmulator().account('alice').namespaces[0]?.name;
    const response = await call(
      'bob',
      'POST',
      `/namespaces/${aliceNamespace}/repositories/x/access-domains`,
      shareBody('carol'),
    );
    expect(response.status).toBe(403);
    expect(emulator.accountNamed('alice')).toBeDefined();
  });

  it('serves writes on the access-domain routes only', async () => {
    const { emulator, call } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    const refused: Array<[string, string]> = [
      ['PUT', domainsPath(repo)],
      ['PATCH', domainsPath(repo)],
      ['POST', `${domainsPath(repo)}/bob`],
      ['DELETE', `/namespaces/${repo.namespace}/repos/${dollar(repo.name)}`],
      ['POST', '/shared-repositories'],
    ];
    for (const [method, path] of refused) {
      const response = await call('alice', method, path, shareBody('bob'));
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await errorCodeOf(response)).toBe('SVCSTG.SWR.4040083');
    }
    expect(emulator.calls.every((entry) => entry.route === 'unknown')).toBe(true);
  });
});
