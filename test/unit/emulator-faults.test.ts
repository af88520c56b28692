import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmulator, type EmulatorOptions } from '../../src/emulator/emulator.js';

const BASE = 'http://swr.test/v2/manage';
const SHARED = '/shared-repositories?center=self&limit=10&offset=0';

function setup(options?: EmulatorOptions) {
  const emulator = createEmulator(options);
  const get = (path: string, token = 't1', extra: Record<string, string> = {}) =>
    emulator.fetch(`${BASE}${path}`, { headers: { 'X-Auth-Token': token, ...extra } });
  return { emulator, get };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('emulator faults', () => {
  it('answer with a given status, body and headers for matching calls only', async () => {
    const { emulator, get } = setup();
    emulator.faults.inject({
      route: 'listSharedRepositories',
      response: { status: 503, body: { oops: true }, headers: { 'Retry-After': '1' } },
    });
    const faulty = await get(SHARED);
    expect(faulty.status).toBe(503);
    expect(faulty.headers.get('retry-after')).toBe('1');
    expect(faulty.headers.get('content-type')).toBe('application/json');
    expect(await faulty.json()).toEqual({ oops: true });
    expect((await get('/namespaces')).status).toBe(200);
  });

  it('send a string body as is and count down `times`', async () => {
    const { emulator, get } = setup();
    emulator.faults.inject({
      path: '/v2/manage/namespaces',
      times: 2,
      response: { status: 500, body: 'boom' },
    });
    expect(await (await get('/namespaces')).text()).toBe('boom');
    expect((await get('/namespaces')).status).toBe(500);
    expect((await get('/namespaces')).status).toBe(200);
  });

  it('match by method, path expression and predicate; remove and clear', async () => {
    const { emulator, get } = setup();
    const byRegex = emulator.faults.inject({
      method: 'get',
      path: /\/repos\//,
      response: { status: 502 },
    });
    emulator.faults.inject({
      match: (call) => call.token === 'victim' && call.query.center === 'thirdparty',
      response: { status: 418 },
    });
    const account = emulator.account('t1');
    const item = account.repositories()[0];
    expect(
      (await get(`/namespaces/${item?.namespace}/repos/${item?.name.replaceAll('/', '$')}`)).status,
    ).toBe(502);
    byRegex.remove();
    expect(
      (await get(`/namespaces/${item?.namespace}/repos/${item?.name.replaceAll('/', '$')}`)).status,
    ).toBe(200);
    expect((await get('/shared-repositories?center=thirdparty', 'victim')).status).toBe(418);
    expect((await get('/shared-repositories?center=self', 'victim')).status).toBe(200);
    emulator.faults.clear();
    expect((await get('/shared-repositories?center=thirdparty', 'victim')).status).toBe(200);
  });

  it('apply after auth: a bad token still gets 401', async () => {
    const { emulator, get } = setup();
    emulator.faults.inject({ response: { status: 500 } });
    expect((await get('/namespaces', 'expired')).status).toBe(401);
  });

  it('delay with setTimeout, then answer normally', async () => {
    vi.useFakeTimers();
    const { emulator, get } = setup();
    emulator.faults.inject({ route: 'listNamespaces', delayMs: 5000, times: 1 });
    let settled = false;
    const pending = get('/namespaces').then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    expect(emulator.inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(emulator.inFlight).toBe(0);
  });

  it('stop a delayed call when the caller aborts', async () => {
    vi.useFakeTimers();
    const { emulator } = setup();
    emulator.faults.inject({ delayMs: 60_000 });
    const controller = new AbortController();
    const pending = emulator.fetch(`${BASE}/namespaces`, {
      headers: { 'X-Auth-Token': 't1' },
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(emulator.inFlight).toBe(0);
  });

  it('malformed-json: 200, JSON content type, unparseable body', async () => {
    const { emulator, get } = setup();
    emulator.faults.inject({ kind: 'malformed-json' });
    const response = await get(SHARED);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('reset: the promise rejects like a dropped connection', async () => {
    const { emulator, get } = setup();
    emulator.faults.inject({ kind: 'reset', times: 1 });
    await expect(get(SHARED)).rejects.toThrow(new TypeError('fetch failed'));
    expect(emulator.calls.at(-1)?.status).toBe(0);
    expect((await get(SHARED)).status).toBe(200);
  });

  it('truncate: 200 with a longer Content-Length and a body that breaks mid-way', async () => {
    const { emulator, get } = setup();
    emulator.faults.inject({ kind: 'truncate' });
    const response = await get(SHARED);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(100);
    await expect(response.json()).rejects.toThrow(TypeError);
  });
});

describe('emulator throttling', () => {
  it('refuses over the limit with 429 APIG.0308 and no Retry-After, per token and window', async () => {
    vi.useFakeTimers();
    const { get } = setup({ throttle: { limit: 2, windowMs: 60_000 } });
    expect((await get('/namespaces')).status).toBe(200);
    expect((await get('/namespaces')).status).toBe(200);
    const refused = await get('/namespaces');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(await refused.json()).toEqual({
      error_code: 'APIG.0308',
      error_msg:
        'The throttling threshold has been reached: policy user over ratelimit,limit:2,time:1 minute',
      request_id: refused.headers.get('x-request-id'),
    });
    expect((await get('/namespaces', 'other')).status).toBe(200);
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await get('/namespaces')).status).toBe(200);
  });

  it('can refuse with 403 SVCSTG.SWR.4031042 instead', async () => {
    const { get } = setup({ throttle: { limit: 1, windowMs: 1000, mode: 'swr-403' } });
    await get('/namespaces');
    const refused = await get('/namespaces');
    expect(refused.status).toBe(403);
    expect((await refused.json())[0].errorCode).toBe('SVCSTG.SWR.4031042');
  });
});

describe('emulator call log', () => {
  it('records every call in order, refused ones included', async () => {
    const { emulator, get } = setup();
    await get('/namespaces', 't1', { 'X-Request-Id': 'req-1' });
    await get('/shared-repositories?center=self&limit=5&offset=0', 'expired');
    await get('/nowhere');
    expect(emulator.calls).toEqual([
      {
        route: 'listNamespaces',
        method: 'GET',
        path: '/v2/manage/namespaces',
        query: {},
        token: 't1',
        requestId: 'req-1',
        status: 200,
      },
      {
        route: 'listSharedRepositories',
        method: 'GET',
        path: '/v2/manage/shared-repositories',
        query: { center: 'self', limit: '5', offset: '0' },
        token: 'expired',
        requestId: null,
        status: 401,
      },
      expect.objectContaining({ route: 'unknown', status: 404 }),
    ]);
    expect(emulator.callCount()).toBe(3);
    expect(emulator.callCount('listNamespaces')).toBe(1);
    expect(emulator.callCount('showRepository')).toBe(0);
    emulator.resetCalls();
    expect(emulator.calls).toEqual([]);
    expect(emulator.callCount()).toBe(0);
  });

  it('names every route', async () => {
    const { emulator, get } = setup();
    const item = emulator.account('t1').sharedRepositories('self')[0];
    const ns = item?.namespace;
    const repo = item?.name.replaceAll('/', '$');
    const domain = emulator
      .account('t1')
      .accessDomains(ns ?? '', item?.name ?? '')?.[0]?.access_domain;
    const paths = [
      '/shared-repositories?center=self',
      '/repos',
      '/namespaces',
      `/namespaces/${ns}`,
      `/namespaces/${ns}/repos/${repo}`,
      `/namespaces/${ns}/repos/${repo}/tags`,
      `/namespaces/${ns}/repositories/${repo}/access-domains`,
      `/namespaces/${ns}/repositories/${repo}/access-domains/${domain}`,
    ];
    for (const path of paths) expect((await get(path)).status, path).toBe(200);
    expect(emulator.calls.map((call) => call.route)).toEqual([
      'listSharedRepositories',
      'listRepositories',
      'listNamespaces',
      'showNamespace',
      'showRepository',
      'listRepositoryTags',
      'listRepoDomains',
      'showAccessDomain',
    ]);
  });

  it('tracks calls in flight and the most at once', async () => {
    vi.useFakeTimers();
    const { emulator, get } = setup();
    emulator.faults.inject({ delayMs: 100, times: 3 });
    const pending = [get('/namespaces'), get('/namespaces'), get('/namespaces')];
    expect(emulator.inFlight).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(pending);
    expect(emulator.inFlight).toBe(0);
    expect(emulator.maxInFlight).toBe(3);
    emulator.resetCalls();
    expect(emulator.maxInFlight).toBe(0);
    await get('/namespaces');
    expect(emulator.maxInFlight).toBe(1);
  });
});
