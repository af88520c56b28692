import { describe, expect, it } from 'vitest';
import { createEmulator, type EmulatorOptions } from '../../src/emulator/emulator.js';

const BASE = 'http://swr.test/v2/manage';

function setup(options?: EmulatorOptions, token = 't1') {
  const emulator = createEmulator(options);
  const get = (path: string, headers: Record<string, string> = { 'X-Auth-Token': token }) =>
    emulator.fetch(`${BASE}${path}`, { headers });
  return { emulator, get, account: emulator.account(token) };
}

const dollar = (name: string) => name.replaceAll('/', '$');

describe('emulator auth', () => {
  it('refuses a missing, empty or expired token with the SWR array body', async () => {
    const { get } = setup();
    const cases: Record<string, string>[] = [
      {},
      { 'X-Auth-Token': '' },
      { 'X-Auth-Token': '  ' },
      { 'X-Auth-Token': 'expired' },
    ];
    for (const headers of cases) {
      const response = await get('/namespaces', headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual([
        { errorCode: 'SVCSTG.SWR.4010000', errorMessage: expect.any(String), detail: '' },
      ]);
    }
  });

  it('answers in the API Gateway shape when asked, with the request id of the header', async () => {
    const { get } = setup({ authErrorShape: 'apig' });
    const response = await get('/namespaces', { 'X-Auth-Token': 'expired' });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toEqual({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: decrypt token fail',
      request_id: response.headers.get('x-request-id'),
    });
  });

  it('accepts any other token as an account of its own', async () => {
    const { get } = setup(undefined, 'anything-goes');
    expect((await get('/namespaces')).status).toBe(200);
  });
});

describe('emulator responses', () => {
  it('send JSON with a fresh X-Request-Id', async () => {
    const { get } = setup();
    const first = await get('/namespaces');
    const second = await get('/namespaces');
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it('accept a Request object as fetch input', async () => {
    const { emulator } = setup();
    const request = new Request(`${BASE}/namespaces`, { headers: { 'X-Auth-Token': 't1' } });
    expect((await emulator.fetch(request)).status).toBe(200);
  });

  it('answer unknown routes and other methods with 404 SVCSTG.SWR.4040083', async () => {
    const { emulator, get } = setup();
    for (const path of ['/nothing', '/namespaces/', '/namespaces/a/b', '/repositories']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual([
        expect.objectContaining({ errorCode: 'SVCSTG.SWR.4040083' }),
      ]);
    }
    const post = await emulator.fetch(`${BASE}/namespaces`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 't1' },
      body: '{"namespace":"x"}',
    });
    expect(post.status).toBe(404);
    expect(emulator.calls.at(-1)).toMatchObject({ route: 'unknown', method: 'POST', status: 404 });
  });
});

describe('emulator error shapes', () => {
  const cases: Array<[EmulatorOptions['errorShape'], unknown]> = [
    ['array', [{ errorCode: 'SVCSTG.SWR.4001025', errorMessage: expect.any(String), detail: '' }]],
    ['object', { errorCode: 'SVCSTG.SWR.4001025', errorMessage: expect.any(String) }],
    ['errors', { errors: [{ errorCode: 'SVCSTG.SWR.4001025', errorMessage: expect.any(String) }] }],
  ];
  it.each(cases)('%s', async (errorShape, expected) => {
    const { get } = setup({ errorShape });
    const response = await get('/shared-repositories');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(expected);
  });

  it('use the chosen shape for auth errors too', async () => {
    const { get } = setup({ errorShape: 'errors' });
    const body = await (await get('/namespaces', {})).json();
    expect(body.errors[0].errorCode).toBe('SVCSTG.SWR.4010000');
  });
});

describe('emulator shared-repositories', () => {
  it('requires center=self|thirdparty', async () => {
    const { get } = setup();
    for (const query of ['', '?center=', '?center=all', '?center=Self']) {
      const response = await get(`/shared-repositories${query}`);
      expect(response.status).toBe(400);
      expect((await response.json())[0].errorCode).toBe('SVCSTG.SWR.4001025');
    }
  });

  it('lists self shares with status false and thirdparty shares of other accounts', async () => {
    const { get, account } = setup();
    const self = await (await get('/shared-repositories?center=self')).json();
    const thirdparty = await (await get('/shared-repositories?center=thirdparty')).json();
    expect(self).toEqual(account.sharedRepositories('self'));
    expect(thirdparty).toEqual(account.sharedRepositories('thirdparty'));
    expect(self.every((item: { domain_name: string; status: boolean }) => !item.status)).toBe(true);
    expect(
      self.every((item: { domain_name: string }) => item.domain_name === account.domainName),
    ).toBe(true);
    expect(
      thirdparty.every((item: { domain_name: string }) => item.domain_name !== account.domainName),
    ).toBe(true);
  });
});

describe('emulator namespaces', () => {
  it('lists the caller namespaces with a substring filter', async () => {
    const { get, account } = setup();
    expect(await (await get('/namespaces')).json()).toEqual({ namespaces: account.namespaces });
    const first = account.namespaces[0];
    if (first === undefined) throw new Error('no namespace');
    const part = first.name.slice(1, 4);
    const filtered = await (await get(`/namespaces?namespace=${part}`)).json();
    expect(filtered.namespaces.length).toBeGreaterThan(0);
    for (const namespace of filtered.namespaces) expect(namespace.name).toContain(part);
    const legacy = await (
      await get(`/namespaces?filter=namespace::${first.name}|mode::visible`)
    ).json();
    expect(legacy.namespaces).toEqual([first]);
  });

  it('shows one namespace, 404 for a missing or foreign one, 400 for a bad name', async () => {
    const { get, account } = setup();
    const first = account.namespaces[0];
    if (first === undefined) throw new Error('no namespace');
    expect(await (await get(`/namespaces/${first.name}`)).json()).toEqual(first);
    const foreign = account.sharedRepositories('thirdparty')[0]?.namespace;
    for (const name of ['nothing-here', foreign]) {
      const response = await get(`/namespaces/${name}`);
      expect(response.status).toBe(404);
      expect((await response.json())[0].errorCode).toBe('SVCSTG.SWR.4040058');
    }
    const bad = await get('/namespaces/Bad..Name');
    expect(bad.status).toBe(400);
    expect((await bad.json())[0].errorCode).toBe('SVCSTG.SWR.4001028');
  });
});

describe('emulator repository detail', () => {
  it('shows own and validly shared repositories, decoding $ as /', async () => {
    const { get, account } = setup();
    const own = account.repositories().find((item) => item.name.includes('/'));
    const shared = account.sharedRepositories('thirdparty').find((item) => item.status);
    if (own === undefined || shared === undefined) throw new Error('missing data');
    for (const item of [own, shared]) {
      const response = await get(`/namespaces/${item.namespace}/repos/${dollar(item.name)}`);
      expect(response.status).toBe(200);
      const detail = await response.json();
      expect(detail).toEqual(account.repository(item.namespace, item.name));
      expect(detail).toMatchObject({
        name: item.name,
        size: item.size,
        path: item.path,
        created: item.created_at,
        updated: item.updated_at,
      });
      expect(detail).not.toHaveProperty('created_at');
    }
  });

  it('hides expired shares and unknown repositories with 404 SVCSTG.SWR.4040010', async () => {
    const { get, account } = setup();
    const expired = account.sharedRepositories('thirdparty').find((item) => !item.status);
    if (expired === undefined) throw new Error('no expired share');
    const namespace = account.namespaces[0]?.name;
    for (const path of [
      `/namespaces/${expired.namespace}/repos/${dollar(expired.name)}`,
      `/namespaces/${namespace}/repos/does-not-exist`,
      `/namespaces/${expired.namespace}/repos/${dollar(expired.name)}/tags`,
    ]) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect((await response.json())[0].errorCode).toBe('SVCSTG.SWR.4040010');
    }
  });

  it('refuses bad names with 4001028 / 4001029', async () => {
    const { get, account } = setup();
    const namespace = account.namespaces[0]?.name;
    const badNs = await get('/namespaces/-x/repos/nginx');
    expect((await badNs.json())[0].errorCode).toBe('SVCSTG.SWR.4001028');
    const badRepo = await get(`/namespaces/${namespace}/repos/Nginx`);
    expect(badRepo.status).toBe(400);
    expect((await badRepo.json())[0].errorCode).toBe('SVCSTG.SWR.4001029');
  });
});

describe('emulator tags', () => {
  it('lists every tag without paging, with capital-T names matching the list item', async () => {
    const { get, account } = setup();
    const item = account.sharedRepositories('self').find((candidate) => candidate.num_images > 3);
    if (item === undefined) throw new Error('no repo with tags');
    const response = await get(`/namespaces/${item.namespace}/repos/${dollar(item.name)}/tags`);
    expect(response.headers.get('content-range')).toBeNull();
    const tags = await response.json();
    expect(tags).toHaveLength(item.num_images);
    expect(tags.map((tag: { Tag: string }) => tag.Tag).sort()).toEqual([...item.tags].sort());
    for (const tag of tags) {
      expect(tag.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect([0, 1]).toContain(tag.tag_type);
      expect(typeof tag.scanned).toBe('boolean');
      expect(typeof tag.is_trusted).toBe('boolean');
      expect(tag).not.toHaveProperty('total_range');
      expect(() => JSON.parse(tag.manifest)).not.toThrow();
    }
  });

  it('pages with Content-Range only and filters by tag substring', async () => {
    const { get, account } = setup();
    const item = account.sharedRepositories('self').find((candidate) => candidate.num_images > 3);
    if (item === undefined) throw new Error('no repo with tags');
    const base = `/namespaces/${item.namespace}/repos/${dollar(item.name)}/tags`;
    const page = await get(`${base}?limit=2&offset=2&order_column=tag&order_type=asc`);
    expect(page.headers.get('content-range')).toBe(`2-2/${item.num_images}`);
    const names = (await page.json()).map((tag: { Tag: string }) => tag.Tag);
    expect(names).toEqual([...item.tags].sort().slice(2, 4));
    const filtered = await (await get(`${base}?tag=v`)).json();
    for (const tag of filtered) expect(tag.Tag).toContain('v');
    expect((await get(`${base}?order_column=size&order_type=asc`)).status).toBe(400);
  });
});

describe('emulator access domains', () => {
  it('lists the shares of an own repository and shows one with exist: true', async () => {
    const { get, account } = setup();
    const item = account
      .sharedRepositories('self')
      .find((candidate) => candidate.name.includes('/'));
    if (item === undefined) throw new Error('no slash repo');
    const base = `/namespaces/${item.namespace}/repositories/${dollar(item.name)}/access-domains`;
    const list = await (await get(base)).json();
    expect(list).toEqual(account.accessDomains(item.namespace, item.name));
    expect(list.length).toBeGreaterThan(0);
    const share = list[0];
    const one = await (await get(`${base}/${share.access_domain}`)).json();
    expect(one).toEqual({ ...share, exist: true });
  });

  it('answers a missing share with a 400 root object whatever the error shape', async () => {
    const { get, account } = setup({ errorShape: 'errors' });
    const item = account.sharedRepositories('self')[0];
    if (item === undefined) throw new Error('no repo');
    const response = await get(
      `/namespaces/${item.namespace}/repositories/${dollar(item.name)}/access-domains/nobody`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errorCode: 'SVCSTG.SWR.4001090',
      errorMessage: expect.any(String),
    });
  });

  it('refuses a repository shared with the caller (403) and a missing one (404)', async () => {
    const { get, account } = setup();
    const shared = account.sharedRepositories('thirdparty')[0];
    if (shared === undefined) throw new Error('no shared repo');
    const forbidden = await get(
      `/namespaces/${shared.namespace}/repositories/${dollar(shared.name)}/access-domains`,
    );
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json())[0].errorCode).toBe('SVCSTG.SWR.4039001');
    const missing = await get(
      `/namespaces/${account.namespaces[0]?.name}/repositories/nope/access-domains/x`,
    );
    expect(missing.status).toBe(404);
    expect((await missing.json())[0].errorCode).toBe('SVCSTG.SWR.4040010');
  });

  it('marks some shares expired and some forever', () => {
    const { account } = setup();
    const shares = account
      .sharedRepositories('self')
      .flatMap((item) => account.accessDomains(item.namespace, item.name) ?? []);
    expect(shares.some((share) => share.deadline === 'forever' && share.status)).toBe(true);
    expect(shares.some((share) => !share.status)).toBe(true);
    for (const share of shares) {
      expect(share.permit).toBe('read');
      expect(share.status).toBe(
        share.deadline === 'forever' || Date.parse(share.deadline) > Date.UTC(2026, 0, 1),
      );
    }
  });
});
