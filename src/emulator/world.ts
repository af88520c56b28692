import { AccountData, type AccountWorld } from './account.js';
import type { RepoRecord } from './account-model.js';
import { DEMO_ACCOUNTS } from './demo-accounts.js';
import { generateAccount } from './generate-account.js';
import { generateTags, type TagRecord } from './generate-tags.js';
import type { ResolvedEmulatorOptions } from './options.js';
import { repoKey, ShareStore } from './share-store.js';

/**
 * Every account one emulator knows, and the shares between them. An account joins the first time
 * its token is used (a named demo account also when a write needs to know who owns a namespace);
 * its own repositories and generated shares are derived from the token, and the shares its
 * repositories carry live in the world's share store, so a share written by one account shows in
 * the other's lists. Nothing is kept outside the instance: a new emulator is a fresh world.
 */
export class World implements AccountWorld {
  readonly shares = new ShareStore();
  readonly #options: ResolvedEmulatorOptions;
  readonly #byToken = new Map<string, AccountData>();
  readonly #byName = new Map<string, AccountData>();
  readonly #repositories = new Map<string, { owner: AccountData; record: RepoRecord }>();
  readonly #namespaces = new Map<string, AccountData>();
  readonly #tags = new Map<string, readonly TagRecord[]>();
  #demoAccountsJoined = false;

  constructor(options: ResolvedEmulatorOptions) {
    this.#options = options;
  }

  now(): number {
    return this.#options.now();
  }

  /** The account of a token, generated and joined on first use. */
  account(token: string): AccountData {
    let account = this.#byToken.get(token);
    if (account === undefined) {
      account = new AccountData(generateAccount(token, this.#options.accountSize(token)), this);
      this.#join(token, account);
    }
    return account;
  }

  /** A joined account by its account (domain) name. */
  accountNamed(name: string): AccountData | undefined {
    return this.#byName.get(name);
  }

  ownedRepository(
    namespace: string,
    name: string,
  ): { owner: AccountData; record: RepoRecord } | undefined {
    return this.#repositories.get(repoKey(namespace, name));
  }

  /** The account that owns an organization; the named demo accounts join to answer a miss. */
  namespaceOwner(namespace: string): AccountData | undefined {
    const owner = this.#namespaces.get(namespace);
    if (owner !== undefined || this.#demoAccountsJoined) return owner;
    this.#demoAccountsJoined = true;
    for (const demo of DEMO_ACCOUNTS) this.account(demo.token);
    return this.#namespaces.get(namespace);
  }

  tagRecords(record: RepoRecord): readonly TagRecord[] {
    let tags = this.#tags.get(record.seed);
    if (tags === undefined) {
      tags = generateTags(record);
      this.#tags.set(record.seed, tags);
    }
    return tags;
  }

  #join(token: string, account: AccountData): void {
    this.#byToken.set(token, account);
    if (!this.#byName.has(account.domainName)) this.#byName.set(account.domainName, account);
    for (const namespace of account.namespaces) {
      if (!this.#namespaces.has(namespace.name)) this.#namespaces.set(namespace.name, account);
    }
    for (const record of account.ownRecords) {
      const key = repoKey(record.item.namespace, record.item.name);
      if (this.#repositories.has(key)) continue;
      this.#repositories.set(key, { owner: account, record });
      for (const share of record.shares) {
        const { status, ...rest } = share;
        this.shares.put({ share: rest, frozenStatus: status });
      }
    }
  }
}
