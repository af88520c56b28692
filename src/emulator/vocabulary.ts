import type { SwrCategory } from '../swr/wire/repository.js';

/** Word lists the account generator draws from. */

/** The eight categories SWR documents, in a fixed order. */
export const CATEGORIES: readonly SwrCategory[] = [
  'app_server',
  'linux',
  'framework_app',
  'database',
  'lang',
  'other',
  'windows',
  'arm',
];

/** A repository the generator can create: name (may contain `/`), category and description. */
export interface CatalogEntry {
  readonly name: string;
  readonly category: SwrCategory;
  readonly description: string;
}

const entries: Record<SwrCategory, Array<[name: string, description: string]>> = {
  app_server: [
    ['nginx', 'Reverse proxy with the team TLS defaults'],
    ['tomcat', 'Apache Tomcat 10 runtime'],
    ['httpd', ''],
    ['team/api-gateway', 'Edge API gateway'],
    ['envoy', 'Service mesh sidecar'],
    ['caddy', ''],
  ],
  linux: [
    ['alpine', 'Minimal base image'],
    ['ubuntu', 'Ubuntu 24.04 base'],
    ['debian', ''],
    ['base/euleros', 'EulerOS base with corporate CA certificates'],
    ['busybox', ''],
    ['base/ubuntu-minimal', 'Ubuntu minimal with security patches'],
  ],
  framework_app: [
    ['spring-boot-app', 'Spring Boot order service'],
    ['team/auth-service', 'OAuth2 authorization server'],
    ['order-service', ''],
    ['user-service', 'User profile API'],
    ['frontend', 'Web front end (nginx + static bundle)'],
    ['admin-console', ''],
    ['apps/payment/worker', 'Payment settlement worker'],
    ['django-portal', 'Customer portal'],
  ],
  database: [
    ['redis', 'Redis 7 cache'],
    ['postgres', 'PostgreSQL 16'],
    ['mysql', ''],
    ['mongo', 'MongoDB replica set member'],
    ['elasticsearch', ''],
    ['data/clickhouse', 'Analytics store'],
  ],
  lang: [
    ['node', 'Node.js LTS build image'],
    ['python', 'Python 3.12 slim'],
    ['golang', ''],
    ['openjdk', 'OpenJDK 21 runtime'],
    ['tools/ci-runner', 'CI runner with build tool chain'],
    ['rust-builder', ''],
  ],
  other: [
    ['grafana', ''],
    ['prometheus', 'Metrics server'],
    ['fluent-bit', 'Log forwarder'],
    ['ml/training/pytorch', 'GPU training image'],
    ['model-server', 'Inference server'],
    ['etl-runner', ''],
    ['kafka', 'Message broker'],
    ['team/jobs/nightly-report', 'Nightly reporting batch'],
  ],
  windows: [
    ['windows-iis', 'IIS on Windows Server Core'],
    ['dotnet-framework', '.NET Framework 4.8 runtime'],
    ['win/build-agent', ''],
  ],
  arm: [
    ['arm64-base', 'ARM64 base image'],
    ['edge/arm-gateway', 'IoT gateway for ARM boards'],
    ['kunpeng-java', ''],
  ],
};

/** Every catalog entry. */
export const CATALOG: readonly CatalogEntry[] = CATEGORIES.flatMap((category) =>
  entries[category].map(([name, description]) => ({ name, category, description })),
);

/** One entry of each category, in `CATEGORIES` order, so that every account holds all eight. */
export const ONE_PER_CATEGORY: readonly CatalogEntry[] = CATEGORIES.map(
  (category) => CATALOG.find((entry) => entry.category === category) as CatalogEntry,
);

/** Organization topics; namespaces read `{topic}-{account tag}`. */
export const NAMESPACE_TOPICS: readonly string[] = [
  'platform',
  'data',
  'web',
  'ml_lab',
  'infra',
  'mobile',
  'payments',
  'search',
  'devops',
  'analytics',
  'edge',
  'iot.devices',
  'security',
  'media',
  'billing',
  'core',
];

export const COMPANY_WORDS: readonly string[] = [
  'northwind',
  'contoso',
  'fabrikam',
  'tailspin',
  'adatum',
  'litware',
  'proseware',
  'wingtip',
  'woodgrove',
  'lucerne',
  'margie',
  'fourth-coffee',
  'alpine-ski',
  'blue-yonder',
  'coho',
  'humongous',
];

export const COMPANY_SUFFIXES: readonly string[] = [
  'labs',
  'corp',
  'cloud',
  'tech',
  'group',
  'dev',
];

export const USER_NAMES: readonly string[] = [
  'alice',
  'bob',
  'ci-robot',
  'ops-admin',
  'devops-bot',
  'zhang.wei',
  'li.na',
  'release-manager',
];

export const SHARE_DESCRIPTIONS: readonly string[] = [
  '',
  'Shared for the joint project',
  'Read access for the partner CI',
  'Vendor integration',
  'Temporary access for the audit',
];
