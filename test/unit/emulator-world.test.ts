import { describe, expect, it } from 'vitest';
import { accountNameOfToken, createEmulator, DEMO_ACCOUNTS } from '../../src/emulator/emulator.js';
import type { SwrAccessDomain } from '../../src/swr/wire/access-domain.js';
import type { SwrRepositoryListItem } from '../../src/swr/wire/repository.js';
import {
  dollar,
  domainsPath,
  HOUR,
  pathOf,
  shareBody,
  sharingWorld,
  unsharedRepository,
} from '../helpers/emulator-sharing.js';

type Item = SwrRepositoryListItem;
const THIRD_PARTY = '/shared-repositories?center=thirdparty';
const SELF = '/shared-repositories?center=self';

describe('emulator accounts', () => {
  it('name a plain-name token after itself and generate a name for any other token', () => {
    const emulator = createEmulator();
    for (const token of ['alice', 'bob', 'demo', 'team-7']) {
      expect(accountNameOfToken(token)).toBe(token);
      expect(emulator.account(token).domainName).toBe(token);
      expect(emulator.account(token).repositories()[0]?.domain_name).toBe(token);
    }
    for (const token of ['bench#5', 'Alice', 'MIIE-secret-TOKEN', '7up', `a${'b'.repeat(32)}`]) {
      expect(accountNameOfToken(token)).toBeUndefined();
      const name = emulator.account(token).domainName;
      expect(name).not.toBe(token);
      expect(name).toMatch(/^[a-z.-]+-[0-9a-f]{6}$/);
      expect(createEmulator().account(token).domainName).toBe(name);
    }
  });

  it('list the named demo accounts, each signing in as its own name', () => {
    const emulator = createEmulator();
    expect(DEMO_ACCOUNTS.map((demo) => demo.accountName)).toEqual(
      expect.arrayContaining(['demo', 'alice', 'bob']),
    );
    for (const demo of DEMO_ACCOUNTS) {
      expect(emulator.account(demo.token).domainName).toBe(demo.accountName);
      expect(emulator.accountNamed(demo.accountName)).toBe(emulator.account(demo.token));
    }
    expect(emulator.accountNamed('nobody-yet')).toBeUndefined();
  });
});

describe('emulator world: a share between two accounts', () => {
  it('shows on both sides: bob third-party list, the access domains and alice self list', async () => {
    const { emulator, call, read } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    const bobBefore = await read<Item[]>('bob', THIRD_PARTY);
    const aliceSelfBefore = await read<Item[]>('alice', SELF);
    expect(aliceSelfBefore.map(pathOf)).not.toContain(pathOf(repo));

    const created = await call('alice', 'POST', domainsPath(repo), shareBody('bob'));
    expect(created.status).toBe(201);
    expect(await created.text()).toBe('');

    const bobAfter = await read<Item[]>('bob', THIRD_PARTY);
    expect(bobAfter).toHaveLength(bobBefore.length + 1);
    const seen = bobAfter.find((item) => pathOf(item) === pathOf(repo));
    expect(seen).toEqual({
      ...repo,
      status: true,
      total_range: bobBefore.length + 1,
    });
    for (const item of bobAfter) expect(item.total_range).toBe(bobAfter.length);
    expect(emulator.account('bob').sharedRepositories('thirdparty')).toEqual(bobAfter);

    const shares = await read<SwrAccessDomain[]>('alice', domainsPath(repo));
    expect(shares).toEqual([
      {
        namespace: repo.namespace,
        repository: repo.name,
        access_domain: 'bob',
        permit: 'read',
        deadline: 'forever',
        description: 'for tests',
        creator_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        creator_name: expect.any(String),
        created: '2026-12-05T09:00:00Z',
        updated: '2026-12-05T09:00:00Z',
        status: true,
      },
    ]);
    expect(await read('alice', `${domainsPath(repo)}/bob`)).toEqual({ ...shares[0], exist: true });

    const aliceSelfAfter = await read<Item[]>('alice', SELF);
    expect(aliceSelfAfter).toHaveLength(aliceSelfBefore.length + 1);
    expect(aliceSelfAfter.find((item) => pathOf(item) === pathOf(repo))).toEqual({
      ...repo,
      status: false,
      total_range: aliceSelfAfter.length,
    });
  });

  it('lets bob read the shared repository, its tags, and filter his list by owner and status', async () => {
    const { emulator, call, read } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    const detailPath = `/namespaces/${repo.namespace}/repos/${dollar(repo.name)}`;
    const before = await call('bob', 'GET', detailPath);
    expect(before.status).toBe(404);
    expect((await before.json())[0].errorCode).toBe('SVCSTG.SWR.4040010');

    await call('alice', 'POST', domainsPath(repo), shareBody('bob'));
    expect(await read('bob', detailPath)).toEqual(await read('alice', detailPath));
    expect(await read('bob', `${detailPath}/tags`)).toEqual(
      emulator.account('alice').tags(repo.namespace, repo.name),
    );
    const fromAlice = await read<Item[]>('bob', `${THIRD_PARTY}&domain_name=alice`);
    expect(fromAlice.map(pathOf)).toEqual([pathOf(repo)]);
    expect(fromAlice[0]?.total_range).toBe(1);
    const active = await read<Item[]>('bob', `${THIRD_PARTY}&status=true`);
    expect(active.map(pathOf)).toContain(pathOf(repo));
    const expired = await read<Item[]>('bob', `${THIRD_PARTY}&status=false`);
    expect(expired.map(pathOf)).not.toContain(pathOf(repo));
    const byName = await read<Item[]>(
      'bob',
      `${THIRD_PARTY}&namespace=${repo.namespace}&name=${dollar(repo.name)}`,
    );
    expect(byName.map(pathOf)).toContain(pathOf(repo));
  });

  it('keeps paging, ordering, total_range and Content-Range consistent with new items', async () => {
    const { emulator, call } = sharingWorld();
    const own = emulator.account('alice').repositories().slice(0, 7);
    for (const repo of own) {
      expect((await call('alice', 'POST', domainsPath(repo), shareBody('dave'))).status).toBe(201);
    }
    const everything = emulator.account('dave').sharedRepositories('thirdparty');
    for (const repo of own) expect(everything.map(pathOf)).toContain(pathOf(repo));
    for (const order of [
      'name&order_type=asc',
      'domain_name&order_type=desc',
      'updated_at&order_type=asc',
    ]) {
      const collected: Item[] = [];
      for (let offset = 0; ; offset += 10) {
        const response = await call(
          'dave',
          'GET',
          `${THIRD_PARTY}&limit=10&offset=${offset}&order_column=${order}`,
        );
        const page = (await response.json()) as Item[];
        expect(response.headers.get('content-range')).toBe(
          `${offset}-${page.length}/${everything.length}`,
        );
        for (const item of page) expect(item.total_range).toBe(everything.length);
        if (page.length === 0) break;
        collected.push(...page);
      }
      expect(collected).toHaveLength(everything.length);
      expect(new Set(collected.map(pathOf)).size).toBe(everything.length);
      const [column, direction] = order.split('&order_type=') as [keyof Item, string];
      const values = collected.map((item) => String(item[column]));
      const sorted = [...values].sort();
      expect(values).toEqual(direction === 'asc' ? sorted : sorted.reverse());
    }
  });

  it('turns inactive when its deadline passes while the emulator runs, and active again on update', async () => {
    const { emulator, call, read, advance, now } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    const deadline = new Date(now() + HOUR).toISOString();
    await call('alice', 'POST', domainsPath(repo), shareBody('bob', deadline));
    const statusFor = async () =>
      (await read<Item[]>('bob', THIRD_PARTY)).find((item) => pathOf(item) === pathOf(repo))
        ?.status;
    expect(await statusFor()).toBe(true);

    advance(2 * HOUR);
    expect(await statusFor()).toBe(false);
    const expired = await read<Item[]>('bob', `${THIRD_PARTY}&status=false`);
    expect(expired.map(pathOf)).toContain(pathOf(repo));
    expect((await read<SwrAccessDomain[]>('alice', domainsPath(repo)))[0]).toMatchObject({
      deadline,
      status: false,
    });
    const detail = await call(
      'bob',
      'GET',
      `/namespaces/${repo.namespace}/repos/${dollar(repo.name)}`,
    );
    expect(detail.status).toBe(404);

    const renewed = await call('alice', 'PATCH', `${domainsPath(repo)}/bob`, {
      permit: 'read',
      deadline: 'forever',
    });
    expect(renewed.status).toBe(201);
    expect(await statusFor()).toBe(true);
    expect(await read('alice', `${domainsPath(repo)}/bob`)).toMatchObject({
      deadline: 'forever',
      description: 'for tests',
      created: '2026-12-05T09:00:00Z',
      updated: '2026-12-05T11:00:00Z',
      status: true,
    });
  });

  it('disappears from both sides when deleted', async () => {
    const { emulator, call, read } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    const bobBefore = await read<Item[]>('bob', THIRD_PARTY);
    const selfBefore = await read<Item[]>('alice', SELF);
    await call('alice', 'POST', domainsPath(repo), shareBody('bob'));
    const deleted = await call('alice', 'DELETE', `${domainsPath(repo)}/bob`);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect(await read('bob', THIRD_PARTY)).toEqual(bobBefore);
    expect(await read('alice', SELF)).toEqual(selfBefore);
    expect(await read('alice', domainsPath(repo))).toEqual([]);
    const again = await call('alice', 'DELETE', `${domainsPath(repo)}/bob`);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      errorCode: 'SVCSTG.SWR.4001090',
      errorMessage: expect.any(String),
    });
  });

  it('reaches an account that joins after the share was made, and only in the same emulator', async () => {
    const { emulator, call, read } = sharingWorld();
    const repo = unsharedRepository(emulator, 'alice');
    await call('alice', 'POST', domainsPath(repo), shareBody('late-comer'));
    expect(emulator.accountNamed('late-comer')).toBeUndefined();
    const list = await read<Item[]>('late-comer', THIRD_PARTY);
    expect(list.map(pathOf)).toContain(pathOf(repo));
    const elsewhere = createEmulator().account('late-comer').sharedRepositories('thirdparty');
    expect(elsewhere.map(pathOf)).not.toContain(pathOf(repo));
  });

  it('can update and delete the generated shares, which otherwise keep their generated status', async () => {
    const { emulator, call, read } = sharingWorld();
    const account = emulator.account('t1');
    const generated = account
      .sharedRepositories('self')
      .flatMap((item) => account.accessDomains(item.namespace, item.name) ?? []);
    const expired = generated.find((share) => !share.status && share.deadline !== 'forever');
    if (expired === undefined) throw new Error('no expired generated share');
    const repo = { namespace: expired.namespace, name: expired.repository };
    const path = `${domainsPath(repo)}/${expired.access_domain}`;
    const patched = await call('t1', 'PATCH', path, {
      permit: 'read',
      deadline: 'forever',
      description: 'renewed',
    });
    expect(patched.status).toBe(201);
    expect(await read('t1', path)).toEqual({
      ...expired,
      deadline: 'forever',
      description: 'renewed',
      updated: '2026-12-05T09:00:00Z',
      status: true,
      exist: true,
    });
    const others = (await read<SwrAccessDomain[]>('t1', domainsPath(repo))).filter(
      (share) => share.access_domain !== expired.access_domain,
    );
    expect((await call('t1', 'DELETE', path)).status).toBe(204);
    expect(await read('t1', domainsPath(repo))).toEqual(others);
  });
});
