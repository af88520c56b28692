import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/emulator.js';
import type { SwrRepositoryListItem } from '../../src/swr/wire/repository.js';

export const SWR_BASE = 'http://swr.test/v2/manage';

/** 2026-12-05T09:00:00Z: where the test clock starts. */
export const CLOCK_START = Date.UTC(2026, 11, 5, 9, 0, 0);

export const HOUR = 3_600_000;

/** A repository path segment: `/` sent as `$`. */
export const dollar = (name: string) => name.replaceAll('/', '$');

/** The access-domain list path of a repository. */
export const domainsPath = (repo: { namespace: string; name: string }) =>
  `/namespaces/${repo.namespace}/repositories/${dollar(repo.name)}/access-domains`;

/** A share body as CreateRepoDomains takes it. */
export const shareBody = (
  accessDomain: string,
  deadline = 'forever',
  description = 'for tests',
) => ({
  access_domain: accessDomain,
  permit: 'read',
  deadline,
  description,
});

export interface SharingWorld {
  emulator: Emulator;
  /** One call as `token`; an object body is sent as JSON, a string as is. */
  call(token: string, method: string, path: string, body?: unknown): Promise<Response>;
  /** The parsed JSON of a 200 GET as `token`. */
  read<T = unknown>(token: string, path: string): Promise<T>;
  /** Moves the emulator's clock. */
  advance(ms: number): void;
  now(): number;
}

/** An emulator with a clock the test moves, and helpers to call it as any account. */
export function sharingWorld(options: EmulatorOptions = {}): SharingWorld {
  let now = CLOCK_START;
  const emulator = createEmulator({ now: () => now, ...options });
  const call = (token: string, method: string, path: string, body?: unknown) =>
    emulator.fetch(`${SWR_BASE}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return {
    emulator,
    call,
    async read(token, path) {
      const response = await call(token, 'GET', path);
      if (response.status !== 200) {
        throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      }
      return response.json();
    },
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
  };
}

/** An own repository of `token` with no sharing account yet (so not in its `self` list). */
export function unsharedRepository(emulator: Emulator, token: string): SwrRepositoryListItem {
  const account = emulator.account(token);
  const shared = new Set(
    account.sharedRepositories('self').map((item) => `${item.namespace}/${item.name}`),
  );
  const found = account
    .repositories()
    .find((item) => !shared.has(`${item.namespace}/${item.name}`));
  if (found === undefined) throw new Error(`${token} has no unshared repository`);
  return found;
}

/** `namespace/name` of a list item. */
export const pathOf = (item: { namespace: string; name: string }) =>
  `${item.namespace}/${item.name}`;
