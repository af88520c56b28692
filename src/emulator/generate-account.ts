import type { SwrAccessDomain } from '../swr/wire/access-domain.js';
import type { SwrNamespace } from '../swr/wire/namespace.js';
import type { GeneratedAccount, RepoRecord, Tenant } from './account-model.js';
import { accountNameOfToken } from './demo-accounts.js';
import { Rng } from './random.js';
import { DAY_SECONDS, formatInstant, type Instant, REFERENCE_SECONDS } from './timestamps.js';
import {
  CATALOG,
  type CatalogEntry,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  NAMESPACE_TOPICS,
  ONE_PER_CATEGORY,
  SHARE_DESCRIPTIONS,
  USER_NAMES,
} from './vocabulary.js';

/** How many repositories an account shares (`self`) and has shared with it (`thirdparty`). */
export interface AccountSize {
  self: number;
  thirdparty: number;
}

const REGISTRY = 'swr.cn-north-4.myhuaweicloud.com';
const INTERNAL_REGISTRY = '100.125.0.198:20202';
const TWO_31 = 2 ** 31;
const TWO_32 = 2 ** 32;

interface NamespaceInfo {
  readonly id: number;
  readonly name: string;
  readonly owner: Tenant;
}

interface RepoSpec {
  namespace: NamespaceInfo;
  entry: CatalogEntry;
  name: string;
  created: Instant;
  updated: Instant;
  size: number;
}

type ShareKind = 'forever' | 'future' | 'past';

/** Generation state shared by the caller and its partners: one PRNG and the names in use. */
class Generator {
  readonly rng: Rng;
  readonly #namespaceNames = new Set<string>();
  readonly #repoPaths = new Set<string>();
  readonly #batchTimes: Instant[];
  #nextNamespaceId: number;

  constructor(readonly seed: string) {
    this.rng = new Rng(seed);
    this.#nextNamespaceId = this.rng.int(1_000, 90_000);
    this.#batchTimes = Array.from({ length: 4 }, () => ({
      seconds: REFERENCE_SECONDS - this.rng.int(DAY_SECONDS, 300 * DAY_SECONDS),
      nanos: this.#fraction(),
    }));
  }

  #fraction(): number {
    return this.rng.chance(0.35) ? this.rng.int(1, 999_999_999) : 0;
  }

  tenant(tag: string): Tenant {
    const { rng } = this;
    return {
      domainName: `${rng.pick(COMPANY_WORDS)}-${rng.pick(COMPANY_SUFFIXES)}-${tag}`,
      domainId: rng.hex(32),
      creatorId: rng.hex(32),
      creatorName: rng.pick(USER_NAMES),
    };
  }

  namespaces(owner: Tenant, tag: string, count: number): NamespaceInfo[] {
    return this.rng.sample(NAMESPACE_TOPICS, count).map((topic) => {
      let name = `${topic}-${tag}`;
      for (let n = 2; this.#namespaceNames.has(name); n++) name = `${topic}-${tag}-${n}`;
      this.#namespaceNames.add(name);
      return { id: this.#nextNamespaceId++, name, owner };
    });
  }

  #uniqueName(namespace: NamespaceInfo, base: string): string {
    let name = base;
    for (let n = 2; this.#repoPaths.has(`${namespace.name}/${name}`); n++) name = `${base}-${n}`;
    this.#repoPaths.add(`${namespace.name}/${name}`);
    return name;
  }

  #times(): { created: Instant; updated: Instant } {
    const { rng } = this;
    const createdSeconds = REFERENCE_SECONDS - rng.int(20 * DAY_SECONDS, 1100 * DAY_SECONDS);
    const created = { seconds: createdSeconds, nanos: this.#fraction() };
    const batch = rng.chance(0.15) ? rng.pick(this.#batchTimes) : undefined;
    if (batch !== undefined && batch.seconds > createdSeconds) return { created, updated: batch };
    const updatedSeconds = createdSeconds + rng.int(0, REFERENCE_SECONDS - createdSeconds - 60);
    return { created, updated: { seconds: updatedSeconds, nanos: this.#fraction() } };
  }

  #size(): number {
    const low = Math.log(3e6);
    const high = Math.log(6e9);
    return Math.round(Math.exp(low + this.rng.next() * (high - low)));
  }

  /**
   * `count` repository specs over `namespaces`. The first eight cover every category; spec 8
   * reuses spec 0's name in another namespace; specs 0 and 1 are above 2^32 and 2^31 bytes; specs
   * 2 and 3 share their update time. These forced facts guarantee ties and large sizes.
   */
  specs(namespaces: readonly NamespaceInfo[], count: number): RepoSpec[] {
    const { rng } = this;
    const specs: RepoSpec[] = [];
    for (let i = 0; i < count; i++) {
      let namespace = rng.pick(namespaces);
      let entry = ONE_PER_CATEGORY[i] ?? rng.pick(CATALOG);
      const first = specs[0];
      if (i === 8 && first !== undefined && namespaces.length > 1) {
        entry = first.entry;
        const index = namespaces.indexOf(first.namespace);
        namespace = namespaces[(index + 1) % namespaces.length] ?? namespace;
      }
      const name = this.#uniqueName(namespace, entry.name);
      specs.push({ namespace, entry, name, ...this.#times(), size: this.#size() });
    }
    const [big, large, tieA, tieB] = specs;
    if (big) big.size = rng.int(TWO_32 + 1, 7_500_000_000);
    if (large) large.size = rng.int(TWO_31 + 1, TWO_32 - 1);
    if (tieA && tieB) {
      tieB.updated = tieA.updated;
      if (tieB.created.seconds > tieB.updated.seconds) tieB.created = tieA.created;
    }
    return specs;
  }

  tagNames(): string[] {
    const { rng } = this;
    const count = 1 + Math.floor(rng.next() ** 2 * 36);
    const names = new Set<string>();
    if (rng.chance(0.7)) names.add('latest');
    let major = rng.int(1, 4);
    let minor = rng.int(0, 12);
    let patch = rng.int(0, 9);
    while (names.size < count) {
      const roll = rng.next();
      if (roll < 0.08) names.add('stable');
      else if (roll < 0.16) names.add(`sha-${rng.hex(7)}`);
      else if (roll < 0.24) names.add(`2025.${rng.int(1, 12)}.${rng.int(1, 28)}`);
      else {
        names.add(`v${major}.${minor}.${patch}`);
        patch--;
        if (patch < 0) [minor, patch] = [minor - 1, rng.int(2, 9)];
        if (minor < 0) [major, minor] = [major - 1, rng.int(3, 12)];
        if (major < 0) major = rng.int(5, 9);
      }
    }
    return [...names];
  }

  share(spec: RepoSpec, target: string, kind?: ShareKind): SwrAccessDomain {
    const { rng } = this;
    const chosen: ShareKind =
      kind ?? rng.pick<ShareKind>(['forever', 'forever', 'future', 'future', 'past']);
    const deadlineSeconds =
      chosen === 'past'
        ? REFERENCE_SECONDS - rng.int(1, 400) * DAY_SECONDS
        : REFERENCE_SECONDS + rng.int(1, 700) * DAY_SECONDS;
    const deadline =
      chosen === 'forever'
        ? 'forever'
        : rng.chance(0.5)
          ? formatInstant({ seconds: deadlineSeconds, nanos: 0 })
          : new Date((deadlineSeconds + 16 * 3600) * 1000).toISOString();
    const createdSeconds = rng.int(spec.created.seconds, REFERENCE_SECONDS - DAY_SECONDS);
    const updatedSeconds = rng.chance(0.5)
      ? createdSeconds
      : rng.int(createdSeconds, REFERENCE_SECONDS);
    return {
      namespace: spec.namespace.name,
      repository: spec.name,
      access_domain: target,
      permit: 'read',
      deadline,
      description: rng.pick(SHARE_DESCRIPTIONS),
      creator_id: spec.namespace.owner.creatorId,
      creator_name: spec.namespace.owner.creatorName,
      created: formatInstant({ seconds: createdSeconds, nanos: 0 }),
      updated: formatInstant({ seconds: updatedSeconds, nanos: 0 }),
      status: chosen !== 'past',
    };
  }

  record(
    spec: RepoSpec,
    id: number,
    owned: boolean,
    shares: readonly SwrAccessDomain[],
    status: boolean,
  ): RepoRecord {
    const { rng } = this;
    const { namespace, name } = spec;
    const tags = this.tagNames();
    return {
      item: {
        name,
        category: spec.entry.category,
        description: spec.entry.description,
        size: spec.size,
        is_public: rng.chance(0.2),
        num_images: tags.length,
        num_download: rng.chance(0.2) ? 0 : rng.int(1, 50_000),
        created_at: formatInstant(spec.created),
        updated_at: formatInstant(spec.updated),
        logo: '',
        url: '',
        path: `${REGISTRY}/${namespace.name}/${name}`,
        internal_path: `${INTERNAL_REGISTRY}/${namespace.name}/${name}`,
        domain_name: namespace.owner.domainName,
        namespace: namespace.name,
        tags,
        status,
      },
      id,
      nsId: namespace.id,
      created: spec.created,
      updated: spec.updated,
      owner: namespace.owner,
      owned,
      shares,
      seed: `${this.seed}/${namespace.name}/${name}`,
    };
  }
}

function namespaceAuth(index: number): number {
  return index === 1 ? 3 : index === 2 ? 1 : 7;
}

/**
 * Derives an account from its token (its name by `accountNameOfToken`, else generated): the caller's namespaces and repositories (the first
 * `size.self` of them shared with other accounts, some more not shared at all) and `size.thirdparty`
 * repositories of three to six partner accounts shared with the caller, some of them expired.
 */
export function generateAccount(token: string, size: AccountSize): GeneratedAccount {
  const gen = new Generator(`swr-emulator:${token}`);
  const { rng } = gen;
  const tag = rng.hex(6);
  const generated = gen.tenant(tag);
  const caller = { ...generated, domainName: accountNameOfToken(token) ?? generated.domainName };
  const ownNamespaces = gen.namespaces(caller, tag, rng.int(4, 8));
  const partners = Array.from({ length: rng.int(3, 6) }, () => {
    const partnerTag = rng.hex(6);
    const tenant = gen.tenant(partnerTag);
    return { tenant, namespaces: gen.namespaces(tenant, partnerTag, rng.int(1, 3)) };
  });
  const strangers = Array.from({ length: 6 }, () => gen.tenant(rng.hex(6)).domainName);
  const shareTargets = [...partners.map((partner) => partner.tenant.domainName), ...strangers];

  const unshared = rng.int(8, 20) + Math.floor(size.self / 20);
  const ownIdBase = rng.int(100_000, 900_000);
  const own = gen.specs(ownNamespaces, size.self + unshared).map((spec, index) => {
    const targets =
      index < size.self ? rng.sample(shareTargets, rng.int(1, 3)).sort() : ([] as string[]);
    const forced: ShareKind | undefined =
      index === 0 ? 'forever' : index === 1 ? 'past' : undefined;
    const shares = targets.map((target, n) =>
      gen.share(spec, target, n === 0 ? forced : undefined),
    );
    return gen.record(spec, ownIdBase + index, true, shares, false);
  });

  const partnerNamespaces = partners.flatMap((partner) => partner.namespaces);
  const sharedIdBase = rng.int(1_000_000, 9_000_000);
  const sharedWithMe = gen.specs(partnerNamespaces, size.thirdparty).map((spec, index) => {
    const forced: ShareKind | undefined =
      index === 0 ? 'forever' : index === 2 ? 'past' : undefined;
    const share = gen.share(spec, caller.domainName, forced);
    return gen.record(spec, sharedIdBase + index, false, [share], share.status);
  });

  const namespaces: SwrNamespace[] = ownNamespaces.map((namespace, index) => ({
    id: namespace.id,
    name: namespace.name,
    creator_name: caller.creatorName,
    auth: namespaceAuth(index),
  }));
  return { tenant: caller, namespaces, own, sharedWithMe };
}
