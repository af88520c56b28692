import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/emulator.js';
import { isValidNamespace, isValidRepositoryName } from '../../src/emulator/names.js';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

describe('emulator data', () => {
  it('is deterministic per token, across emulator instances', async () => {
    const first = createEmulator().account('same-token');
    const second = createEmulator().account('same-token');
    expect(second.domainName).toBe(first.domainName);
    expect(second.namespaces).toEqual(first.namespaces);
    expect(second.sharedRepositories('self')).toEqual(first.sharedRepositories('self'));
    expect(second.sharedRepositories('thirdparty')).toEqual(first.sharedRepositories('thirdparty'));
    const item = first.sharedRepositories('self')[0];
    if (item === undefined) throw new Error('no repo');
    expect(second.tags(item.namespace, item.name)).toEqual(first.tags(item.namespace, item.name));
  });

  it('gives different tokens different accounts and repositories', () => {
    const emulator = createEmulator();
    const a = emulator.account('alice-token');
    const b = emulator.account('bob-token');
    expect(a.domainName).not.toBe(b.domainName);
    const paths = (account: typeof a) =>
      new Set(
        [...account.sharedRepositories('self'), ...account.repositories()].map((item) => item.path),
      );
    const aPaths = paths(a);
    for (const path of paths(b)) expect(aPaths.has(path)).toBe(false);
    const aNamespaces = new Set(a.namespaces.map((namespace) => namespace.name));
    for (const namespace of b.namespaces) expect(aNamespaces.has(namespace.name)).toBe(false);
  });

  it('holds the facts the demo relies on', () => {
    const account = createEmulator().account('demo');
    const self = account.sharedRepositories('self');
    const thirdparty = account.sharedRepositories('thirdparty');
    expect(self.length + thirdparty.length).toBeGreaterThanOrEqual(150);
    expect(account.namespaces.length).toBeGreaterThanOrEqual(4);
    expect(account.namespaces.length).toBeLessThanOrEqual(8);
    expect(account.namespaces.map((namespace) => namespace.auth)).toEqual(
      expect.arrayContaining([7, 3, 1]),
    );
    const all = [...self, ...thirdparty];
    expect(new Set(all.map((item) => item.category))).toEqual(
      new Set([
        'app_server',
        'linux',
        'framework_app',
        'database',
        'lang',
        'other',
        'windows',
        'arm',
      ]),
    );
    expect(all.some((item) => item.size > 2 ** 31 && item.size < 2 ** 32)).toBe(true);
    expect(all.some((item) => item.size > 2 ** 32)).toBe(true);
    expect(all.some((item) => item.size < 20_000_000)).toBe(true);
    expect(all.some((item) => item.name.includes('/'))).toBe(true);
    expect(thirdparty.some((item) => !item.status)).toBe(true);
    expect(thirdparty.some((item) => item.status)).toBe(true);
    expect(all.some((item) => item.updated_at.includes('.'))).toBe(true);
    expect(new Set(thirdparty.map((item) => item.domain_name)).size).toBeGreaterThanOrEqual(3);
  });

  it('produces well-formed items', () => {
    const account = createEmulator().account('demo');
    const items = [
      ...account.sharedRepositories('self'),
      ...account.sharedRepositories('thirdparty'),
      ...account.repositories(),
    ];
    for (const item of items) {
      expect(isValidNamespace(item.namespace), item.namespace).toBe(true);
      expect(isValidRepositoryName(item.name), item.name).toBe(true);
      expect(item.created_at).toMatch(RFC3339_UTC);
      expect(item.updated_at).toMatch(RFC3339_UTC);
      expect(Date.parse(item.updated_at)).toBeGreaterThanOrEqual(
        Date.parse(item.created_at) - 1000,
      );
      expect(Date.parse(item.updated_at)).toBeLessThanOrEqual(Date.UTC(2026, 0, 1));
      expect(item.path).toBe(`swr.cn-north-4.myhuaweicloud.com/${item.namespace}/${item.name}`);
      expect(item.internal_path).toBe(`100.125.0.198:20202/${item.namespace}/${item.name}`);
      expect(item.num_images).toBe(item.tags.length);
      expect(new Set(item.tags).size).toBe(item.tags.length);
      expect(item.logo).toBe('');
      expect(item.url).toBe('');
      expect(Number.isSafeInteger(item.size)).toBe(true);
    }
    for (const namespace of account.namespaces) expect(isValidNamespace(namespace.name)).toBe(true);
  });

  it('sizes accounts from the token: 80–110 per center, or n for name#n', () => {
    const emulator = createEmulator();
    for (const token of ['t1', 't2', 'demo', 'someone-else']) {
      const account = emulator.account(token);
      for (const center of ['self', 'thirdparty'] as const) {
        const count = account.sharedRepositories(center).length;
        expect(count).toBeGreaterThanOrEqual(80);
        expect(count).toBeLessThanOrEqual(110);
      }
    }
    const bench = emulator.account('bench#1200');
    expect(bench.sharedRepositories('self')).toHaveLength(1200);
    expect(bench.sharedRepositories('thirdparty')).toHaveLength(1200);
    const custom = createEmulator({ accountSize: () => ({ self: 3, thirdparty: 12 }) }).account(
      'x',
    );
    expect(custom.sharedRepositories('self')).toHaveLength(3);
    expect(custom.sharedRepositories('thirdparty')).toHaveLength(12);
  });

  it('validates names by the SWR rules', () => {
    for (const name of ['a', 'group', 'my.org-1', 'a__b', 'ml_lab-3fa2c1']) {
      expect(isValidNamespace(name), name).toBe(true);
    }
    for (const name of ['', '1abc', 'Abc', 'abc-', 'a.-b', 'a___b', 'a..b', 'x'.repeat(65)]) {
      expect(isValidNamespace(name), name).toBe(false);
    }
    for (const name of ['nginx', 'team/api-gateway', 'a', 'ml/training/pytorch']) {
      expect(isValidRepositoryName(name), name).toBe(true);
    }
    for (const name of ['', '/nginx', 'nginx/', 'a//b', 'Nginx', 'x'.repeat(129)]) {
      expect(isValidRepositoryName(name), name).toBe(false);
    }
  });
});
