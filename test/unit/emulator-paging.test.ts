import { describe, expect, it } from 'vitest';
import { createEmulator, type EmulatorOptions } from '../../src/emulator/emulator.js';
import type { SwrRepositoryListItem } from '../../src/swr/wire/repository.js';

const BASE = 'http://swr.test/v2/manage';

function setup(options?: EmulatorOptions) {
  const emulator = createEmulator(options);
  const get = (path: string) =>
    emulator.fetch(`${BASE}${path}`, { headers: { 'X-Auth-Token': 'paging' } });
  const list = async (path: string): Promise<SwrRepositoryListItem[]> => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return response.json();
  };
  return { emulator, get, list, account: emulator.account('paging') };
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect((await response.json())[0].errorCode).toBe(code);
}

describe('emulator paging', () => {
  it('returns every record and no Content-Range without limit/offset', async () => {
    const { get, account } = setup();
    const response = await get('/shared-repositories?center=self');
    expect(response.headers.get('content-range')).toBeNull();
    const items = await response.json();
    expect(items).toHaveLength(account.sharedRepositories('self').length);
    expect(items[0].total_range).toBe(items.length);
  });

  it('sends the documented Content-Range {offset}-{count}/{total} by default', async () => {
    const { get, account } = setup();
    const total = account.sharedRepositories('thirdparty').length;
    const response = await get('/shared-repositories?center=thirdparty&limit=10&offset=20');
    expect(response.headers.get('content-range')).toBe(`20-10/${total}`);
    const items = await response.json();
    expect(items).toEqual(account.sharedRepositories('thirdparty').slice(20, 30));
    const lastOffset = Math.floor((total - 1) / 10) * 10;
    const last = await get(`/shared-repositories?center=thirdparty&limit=10&offset=${lastOffset}`);
    expect(last.headers.get('content-range')).toBe(`${lastOffset}-${total - lastOffset}/${total}`);
  });

  it('can send the inclusive style or no header at all', async () => {
    const inclusive = setup({ contentRange: 'inclusive' });
    const total = inclusive.account.sharedRepositories('self').length;
    const page = await inclusive.get('/shared-repositories?center=self&limit=10&offset=20');
    expect(page.headers.get('content-range')).toBe(`20-29/${total}`);
    const past = await inclusive.get('/shared-repositories?center=self&limit=10&offset=1000');
    expect(past.headers.get('content-range')).toBe(`*/${total}`);
    const none = setup({ contentRange: 'none' });
    const silent = await none.get('/shared-repositories?center=self&limit=10&offset=0');
    expect(silent.headers.get('content-range')).toBeNull();
    expect((await silent.json())[0].total_range).toBe(total);
  });

  it('answers an offset past the end with 200 [] and the total in the header', async () => {
    const { get, account } = setup();
    const total = account.sharedRepositories('self').length;
    const response = await get('/shared-repositories?center=self&limit=50&offset=5000');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    expect(response.headers.get('content-range')).toBe(`5000-0/${total}`);
  });

  it('can leave total_range out of the items', async () => {
    const { list } = setup({ totalRangeInItems: false });
    const items = await list('/shared-repositories?center=self&limit=5&offset=0');
    expect(items).toHaveLength(5);
    for (const item of items) expect(item).not.toHaveProperty('total_range');
  });

  it('refuses misaligned, lone, out-of-range and non-decimal values with 4001025', async () => {
    const { get } = setup();
    for (const query of [
      'limit=10&offset=5',
      'limit=10',
      'offset=0',
      'limit=0&offset=0',
      'limit=1001&offset=0',
      'limit=-1&offset=0',
      'limit=10&offset=-10',
      'limit=ten&offset=0',
      'limit=1.5&offset=0',
    ]) {
      await expectError(
        await get(`/shared-repositories?center=self&${query}`),
        400,
        'SVCSTG.SWR.4001025',
      );
    }
    await expectError(await get('/repos?limit=10'), 400, 'SVCSTG.SWR.4001025');
  });

  it('honours maxLimit and lenientPaging', async () => {
    const { get } = setup({ maxLimit: 50, lenientPaging: true });
    expect((await get('/shared-repositories?center=self&limit=50&offset=0')).status).toBe(200);
    expect((await get('/shared-repositories?center=self&limit=51&offset=0')).status).toBe(400);
    const lone = await get('/shared-repositories?center=self&limit=10');
    expect(lone.status).toBe(200);
    expect(lone.headers.get('content-range')).toBeNull();
  });

  it('pages ListReposDetails 100 from 0 by default, with total_range of all', async () => {
    const { get, account } = setup();
    const all = account.repositories();
    expect(all.length).toBeGreaterThan(100);
    const response = await get('/repos');
    expect(response.headers.get('content-range')).toBeNull();
    const items = await response.json();
    expect(items).toEqual(all.slice(0, 100));
    expect(items[0].total_range).toBe(all.length);
  });
});

describe('emulator filters', () => {
  it('filters shared repositories by namespace and name substring, $ read as /', async () => {
    const { list, account } = setup();
    const all = account.sharedRepositories('self');
    const slash = all.find((item) => item.name.includes('/'));
    if (slash === undefined) throw new Error('no slash name');
    const items = await list(
      `/shared-repositories?center=self&name=${slash.name.replaceAll('/', '$')}`,
    );
    expect(items.map((item) => item.name)).toContain(slash.name);
    for (const item of items) expect(item.name).toContain(slash.name);
    expect(items[0]?.total_range).toBe(items.length);
    const namespace = slash.namespace;
    const byNamespace = await list(`/shared-repositories?center=self&namespace=${namespace}`);
    expect(byNamespace).toEqual(
      all
        .filter((item) => item.namespace.includes(namespace))
        .map((item) => ({ ...item, total_range: byNamespace.length })),
    );
    expect(await list('/shared-repositories?center=self&name=NGINX')).toEqual([]);
  });

  it('filters thirdparty by exact domain_name and by status', async () => {
    const { list, get, account } = setup();
    const all = account.sharedRepositories('thirdparty');
    const owner = all[0]?.domain_name ?? '';
    const byOwner = await list(`/shared-repositories?center=thirdparty&domain_name=${owner}`);
    expect(byOwner.length).toBe(all.filter((item) => item.domain_name === owner).length);
    expect(
      await list(`/shared-repositories?center=thirdparty&domain_name=${owner.slice(0, -1)}`),
    ).toEqual([]);
    const expired = await list('/shared-repositories?center=thirdparty&status=false');
    const valid = await list('/shared-repositories?center=thirdparty&status=true');
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((item) => !item.status)).toBe(true);
    expect(valid.every((item) => item.status)).toBe(true);
    expect(expired.length + valid.length).toBe(all.length);
    expect((await get('/shared-repositories?center=thirdparty&status=yes')).status).toBe(400);
  });

  it('lets the legacy filter override the separate parameters', async () => {
    const { list, account } = setup();
    const total = account.sharedRepositories('thirdparty').length;
    const items = await list(
      '/shared-repositories?center=self&limit=5&offset=0&filter=center::thirdparty|limit::3|offset::3',
    );
    expect(items).toEqual(account.sharedRepositories('thirdparty').slice(3, 6));
    expect(items[0]?.total_range).toBe(total);
  });

  it('filters ListReposDetails by exact category and is_public', async () => {
    const { list, get, account } = setup();
    const all = account.repositories();
    const databases = await list('/repos?category=database&limit=1000&offset=0');
    expect(databases.length).toBe(all.filter((item) => item.category === 'database').length);
    const publicOnes = await list('/repos?is_public=true&limit=1000&offset=0');
    expect(publicOnes.length).toBe(all.filter((item) => item.is_public).length);
    expect((await get('/repos?is_public=1')).status).toBe(400);
  });
});

type Item = SwrRepositoryListItem;

function instantKey(value: string): bigint {
  const match = /^(.{19})(?:\.(\d{1,9}))?Z$/.exec(value);
  if (match === null) throw new Error(`bad timestamp ${value}`);
  const seconds = BigInt(Date.parse(`${match[1]}Z`) / 1000);
  return seconds * 1_000_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keys: Record<string, (a: Item, b: Item) => number> = {
  updated_at: (a, b) => {
    const d = instantKey(a.updated_at) - instantKey(b.updated_at);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  },
  name: (a, b) => text(a.name, b.name),
  tag_count: (a, b) => a.num_images - b.num_images,
  namespace: (a, b) => text(a.namespace, b.namespace),
  domain_name: (a, b) => text(a.domain_name, b.domain_name),
  is_public: (a, b) => Number(a.is_public) - Number(b.is_public),
};
keys.updated_time = keys.updated_at as (a: Item, b: Item) => number;

function expectStrictlyOrdered(items: Item[], column: string, direction: string) {
  const primary = keys[column] as (a: Item, b: Item) => number;
  const sign = direction === 'asc' ? 1 : -1;
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1] as Item;
    const b = items[i] as Item;
    const order =
      sign * primary(a, b) ||
      text(a.namespace, b.namespace) ||
      text(a.name, b.name) ||
      text(a.domain_name, b.domain_name);
    expect(order, `${column} ${direction} at ${i}`).toBeLessThan(0);
  }
}

describe('emulator ordering', () => {
  const columns = Object.keys(keys);
  const paths = [
    '/shared-repositories?center=self&',
    '/shared-repositories?center=thirdparty&',
    '/repos?',
  ];

  it.each(paths)(
    '%s: every column and direction is a total order that pages stably',
    async (path) => {
      const { list } = setup();
      for (const column of columns) {
        for (const direction of ['asc', 'desc']) {
          const order = `order_column=${column}&order_type=${direction}`;
          const all = await list(`${path}${order}&limit=1000&offset=0`);
          expectStrictlyOrdered(all, column, direction);
          const paged: Item[] = [];
          for (let offset = 0; offset < all.length + 7; offset += 7) {
            paged.push(...(await list(`${path}${order}&limit=7&offset=${offset}`)));
          }
          expect(paged).toEqual(all);
        }
      }
    },
  );

  it('defaults to updated_at desc', async () => {
    const { list, account } = setup();
    const byDefault = await list('/shared-repositories?center=thirdparty');
    expect(byDefault).toEqual(
      await list('/shared-repositories?center=thirdparty&order_column=updated_at&order_type=desc'),
    );
    expect(byDefault).toEqual(account.sharedRepositories('thirdparty'));
    expectStrictlyOrdered(byDefault, 'updated_at', 'desc');
  });

  it('has ties for the tie-breaker to settle', () => {
    const { account } = setup();
    for (const center of ['self', 'thirdparty'] as const) {
      const items = account.sharedRepositories(center);
      const distinct = (values: unknown[]) => new Set(values).size < values.length;
      expect(distinct(items.map((item) => item.updated_at)), `${center} updated_at`).toBe(true);
      expect(distinct(items.map((item) => item.num_images)), `${center} num_images`).toBe(true);
      expect(distinct(items.map((item) => item.name)), `${center} name`).toBe(true);
    }
  });

  it('refuses a lone order parameter, a bad direction and an unknown column', async () => {
    const { get } = setup();
    for (const query of [
      'order_column=name',
      'order_type=asc',
      'order_column=name&order_type=up',
    ]) {
      await expectError(
        await get(`/shared-repositories?center=self&${query}`),
        400,
        'SVCSTG.SWR.4001025',
      );
    }
    await expectError(
      await get('/shared-repositories?center=self&order_column=num_images&order_type=asc'),
      400,
      'SVCSTG.SWR.4001096',
    );
  });
});
