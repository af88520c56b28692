import { readFileSync } from 'node:fs';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { cpuMs, watchPeakRss } from './proc.js';
import type { EmulatorProcess } from './processes.js';

/**
 * The console workload (issue 14): many distinct tokens, each acting like a console user, run
 * against three gateways in the same run, step by step and interleaved: the cache off, `memory`
 * and `redis` (the benchmark starts its own `redis-server`).
 */

const IMAGES_PAGE = readFileSync(
  new URL('../schema/operations/shared-images-page.graphql', import.meta.url),
  'utf8',
);
const REPOSITORY_DETAILS = readFileSync(
  new URL('../schema/operations/repository-details.graphql', import.meta.url),
  'utf8',
);

export const CONSOLE_MODES = ['off', 'memory', 'redis'] as const;
export type ConsoleMode = (typeof CONSOLE_MODES)[number];

/** The steps of one console user, in order; `repeat` marks the repeat view the targets use. */
export const CONSOLE_STEPS = [
  { id: 'open', label: 'open the shared-images page' },
  { id: 'next1', label: 'page forward' },
  { id: 'next2', label: 'page forward again' },
  { id: 'back', label: 'back to the first page (repeat view)' },
  { id: 'details', label: "one repository's details" },
  { id: 'refresh', label: 'refresh the first page, Cache-Control: no-cache' },
] as const;
type StepId = (typeof CONSOLE_STEPS)[number]['id'];

/** Users of the warm-up journey per gateway (none with `--warmup 0`). */
export const CONSOLE_WARMUP_USERS = 20;

/** Seconds every kind is cached in this workload (see bench/README.md). */
export const CONSOLE_TTL_S = 300;
const CACHE_SECRET = 'bench-console-cache-secret-0123456789';

export interface ConsoleGateway {
  origin: string;
  pid: number;
}

export interface ConsoleOptions {
  users: number;
  connections: number;
  /**
   * Users whose whole journey each gateway serves before the measured steps, not measured (their
   * own tokens), so that no step pays for a fresh process's first requests. 0 skips the warm-up.
   */
  warmupUsers: number;
  emulator: EmulatorProcess;
  /** Starts a gateway with this extra environment. */
  launch(name: string, env: Record<string, string>): Promise<ConsoleGateway>;
  log(message: string): void;
}

/** Figures of one step (view) in one mode. */
export interface ConsoleStepFigures {
  step: StepId;
  mode: ConsoleMode;
  views: number;
  failed: number;
  swrCallsPerView: number;
  cpuMsPerView: number;
  p50Ms: number;
  p99Ms: number;
  /** Cache round trips (MGET, write pipeline, invalidation) per view, from /metrics. */
  cacheRoundTripsPerView: number;
  /** Cache operations that failed or timed out in this step (`swr_bff_cache_errors_total`). */
  cacheErrors: number;
}

export interface ConsoleModeFigures {
  mode: ConsoleMode;
  views: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  redisCommands?: Record<string, number>;
}

export interface ConsoleReport {
  users: number;
  connections: number;
  warmupUsers: number;
  ttlSeconds: number;
  steps: ConsoleStepFigures[];
  modes: ConsoleModeFigures[];
}

interface UserState {
  token: string;
  pages: (string | null)[];
  repository?: { namespace: string; name: string };
}

interface PageBody {
  data?: {
    sharedRepositories?: {
      pageInfo: { endCursor: string | null };
      edges: { node: { namespace: string; name: string } }[];
    };
  };
  errors?: unknown[];
}

export async function runConsoleWorkload(options: ConsoleOptions): Promise<ConsoleReport> {
  const { log } = options;
  const redis = await startRedisServer();
  try {
    const ttls = Object.fromEntries(
      ['LIST', 'REPOSITORY', 'TAGS', 'SHARES', 'NAMESPACES'].map((kind) => [
        `CACHE_TTL_${kind}_S`,
        String(CONSOLE_TTL_S),
      ]),
    );
    const gateways = new Map<ConsoleMode, ConsoleGateway>();
    gateways.set('off', await options.launch('console-off', { CACHE: 'off' }));
    gateways.set(
      'memory',
      await options.launch('console-memory', { CACHE: 'memory', CACHE_SECRET, ...ttls }),
    );
    gateways.set(
      'redis',
      await options.launch('console-redis', {
        CACHE: 'redis',
        REDIS_URL: redis.url,
        CACHE_SECRET,
        ...ttls,
      }),
    );
    for (const mode of CONSOLE_MODES) {
      await warmUp(options, gateways.get(mode) as ConsoleGateway, mode);
    }
    const users = new Map<ConsoleMode, UserState[]>();
    const latencies = new Map<ConsoleMode, number[]>();
    const failures = new Map<ConsoleMode, number>();
    for (const mode of CONSOLE_MODES) {
      users.set(
        mode,
        Array.from({ length: options.users }, (_, index) => ({
          token: `console-${index}#100`,
          pages: [null],
        })),
      );
      latencies.set(mode, []);
      failures.set(mode, 0);
    }
    const rss = new Map(
      CONSOLE_MODES.map((mode) => [mode, watchPeakRss((gateways.get(mode) as ConsoleGateway).pid)]),
    );
    await redisCommandStats(redis.port, true);
    const steps: ConsoleStepFigures[] = [];
    for (const [index, step] of CONSOLE_STEPS.entries()) {
      const order = rotate(CONSOLE_MODES, index);
      for (const mode of order) {
        const gateway = gateways.get(mode) as ConsoleGateway;
        const figures = await runStep(
          options,
          gateway,
          mode,
          step.id,
          users.get(mode) as UserState[],
        );
        latencies.get(mode)?.push(...figures.latencies);
        failures.set(mode, (failures.get(mode) ?? 0) + figures.step.failed);
        steps.push(figures.step);
        log(
          `console ${step.id} ${mode}: ${figures.step.swrCallsPerView.toFixed(2)} SWR calls/view, ` +
            `${figures.step.cpuMsPerView.toFixed(2)} CPU ms/view, p99 ${figures.step.p99Ms.toFixed(0)} ms, ` +
            `${figures.step.cacheErrors} cache errors` +
            (figures.step.failed > 0 ? `, ${figures.step.failed} FAILED` : ''),
        );
      }
    }
    const modes = CONSOLE_MODES.map((mode): ConsoleModeFigures => {
      const all = latencies.get(mode) ?? [];
      return {
        mode,
        views: all.length,
        failed: failures.get(mode) ?? 0,
        p50Ms: percentile(all, 0.5),
        p99Ms: percentile(all, 0.99),
        peakRssMb: rss.get(mode)?.stop().peakMb ?? Number.NaN,
      };
    });
    const redisModes = modes.find((figures) => figures.mode === 'redis');
    if (redisModes) redisModes.redisCommands = await redisCommandStats(redis.port, false);
    return {
      users: options.users,
      connections: options.connections,
      warmupUsers: options.warmupUsers,
      ttlSeconds: CONSOLE_TTL_S,
      steps,
      modes,
    };
  } finally {
    await redis.stop();
  }
}

/** Every step for `options.warmupUsers` users of their own, unmeasured, then drops their calls. */
async function warmUp(options: ConsoleOptions, gateway: ConsoleGateway, mode: ConsoleMode) {
  if (options.warmupUsers === 0) return;
  const users = Array.from(
    { length: options.warmupUsers },
    (_, index): UserState => ({ token: `console-warmup-${index}#100`, pages: [null] }),
  );
  let failed = 0;
  for (const step of CONSOLE_STEPS) {
    failed += (await runStep(options, gateway, mode, step.id, users, 'warmup')).step.failed;
  }
  if (failed > 0) options.log(`console warm-up ${mode}: ${failed} views FAILED`);
  await options.emulator.takeCalls();
}

async function runStep(
  options: ConsoleOptions,
  gateway: ConsoleGateway,
  mode: ConsoleMode,
  step: StepId,
  users: UserState[],
  phase: 'warmup' | 'measured' = 'measured',
): Promise<{ step: ConsoleStepFigures; latencies: number[] }> {
  await options.emulator.takeCalls();
  const before = await cacheCounters(gateway.origin);
  const cpuBefore = cpuMs(gateway.pid);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const user = users[next] as UserState;
      const id = `console-${phase}-${mode}-${step}-${next}`;
      next++;
      const started = performance.now();
      const ok = await viewOnce(gateway.origin, user, step, id).catch(() => false);
      latencies.push(performance.now() - started);
      if (!ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.connections, users.length) }, worker));
  const cpu = cpuMs(gateway.pid) - cpuBefore;
  const after = await cacheCounters(gateway.origin);
  const calls = await options.emulator.takeCalls();
  let swrCalls = 0;
  for (const [id, count] of Object.entries(calls.byRequestId)) {
    if (id.startsWith(`console-${phase}-${mode}-${step}-`)) swrCalls += count;
  }
  const views = users.length;
  return {
    latencies,
    step: {
      step,
      mode,
      views,
      failed,
      swrCallsPerView: swrCalls / views,
      cpuMsPerView: cpu / views,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      cacheRoundTripsPerView: (after.roundTrips - before.roundTrips) / views,
      cacheErrors: after.errors - before.errors,
    },
  };
}

/** One view of `user` at `step`; updates the user's cursors; false when it failed. */
async function viewOnce(
  origin: string,
  user: UserState,
  step: StepId,
  requestId: string,
): Promise<boolean> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${user.token}`,
    'x-request-id': requestId,
  };
  let body: unknown;
  if (step === 'details') {
    const repository = user.repository;
    if (repository === undefined) return false;
    body = { query: REPOSITORY_DETAILS, variables: repository };
  } else {
    const page = { open: 0, next1: 1, next2: 2, back: 0, refresh: 0 }[step];
    if (step === 'refresh') headers['cache-control'] = 'no-cache';
    body = {
      query: IMAGES_PAGE,
      variables: { center: 'SELF', first: 20, after: user.pages[page] ?? null },
    };
  }
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as PageBody;
  if (response.status !== 200 || parsed.errors !== undefined) return false;
  const list = parsed.data?.sharedRepositories;
  if (list !== undefined && (step === 'open' || step === 'next1')) {
    user.pages[step === 'open' ? 1 : 2] = list.pageInfo.endCursor;
    if (step === 'open') user.repository = list.edges[0]?.node;
  }
  return true;
}

/** Sums of `swr_bff_cache_round_trips_total` and `swr_bff_cache_errors_total` on /metrics. */
async function cacheCounters(origin: string): Promise<{ roundTrips: number; errors: number }> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const counters = { roundTrips: 0, errors: 0 };
  for (const line of text.split('\n')) {
    const value = Number(line.split(' ').pop());
    if (line.startsWith('swr_bff_cache_round_trips_total{')) counters.roundTrips += value;
    if (line.startsWith('swr_bff_cache_errors_total{')) counters.errors += value;
  }
  return counters;
}

/** Redis's `INFO commandstats` calls per command; `reset` runs `CONFIG RESETSTAT` first. */
async function redisCommandStats(port: number, reset: boolean): Promise<Record<string, number>> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    await client.connect();
    if (reset) {
      await client.config('RESETSTAT');
      return {};
    }
    const info = await client.info('commandstats');
    const stats: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
      const [, command, calls] = match;
      if (command !== undefined && !['info', 'config', 'client'].includes(command)) {
        stats[command] = Number(calls);
      }
    }
    return stats;
  } finally {
    client.disconnect();
  }
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

const ratio = (value: number, base: number) => (base > 0 ? value / base : Number.NaN);

/** The console workload as Markdown: one row per view and mode, then the targets. */
export function renderConsoleMarkdown(report: ConsoleReport): string {
  const lines = [
    `## Console workload (${report.users} users, ${report.connections} at once, every cache TTL ${report.ttlSeconds} s, ${report.warmupUsers} warm-up users per gateway)`,
    '',
    '| view | cache | SWR calls/view | CPU ms/view | p50 ms | p99 ms | cache round trips/view | cache errors | failed |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const step of CONSOLE_STEPS) {
    for (const mode of CONSOLE_MODES) {
      const f = report.steps.find((s) => s.step === step.id && s.mode === mode);
      if (f === undefined) continue;
      lines.push(
        `| ${step.id} | ${mode} | ${f.swrCallsPerView.toFixed(2)} | ${f.cpuMsPerView.toFixed(2)} | ${f.p50Ms.toFixed(0)} | ${f.p99Ms.toFixed(0)} | ${f.cacheRoundTripsPerView.toFixed(2)} | ${f.cacheErrors} | ${f.failed} |`,
      );
    }
  }
  lines.push('', '| cache | views | p50 ms | p99 ms (whole workload) | peak RSS MB | failed |');
  lines.push('|---|---|---|---|---|---|');
  for (const m of report.modes) {
    lines.push(
      `| ${m.mode} | ${m.views} | ${m.p50Ms.toFixed(0)} | ${m.p99Ms.toFixed(0)} | ${m.peakRssMb.toFixed(0)} | ${m.failed} |`,
    );
  }
  const redis = report.modes.find((m) => m.mode === 'redis')?.redisCommands;
  if (redis !== undefined) {
    const total = Object.values(redis).reduce((a, b) => a + b, 0);
    const views = report.modes.find((m) => m.mode === 'redis')?.views ?? 0;
    lines.push(
      '',
      `Redis commands (INFO commandstats): ${Object.entries(redis)
        .map(([command, calls]) => `${command} ${calls}`)
        .join(', ')}; ${(total / Math.max(1, views)).toFixed(2)} per view.`,
    );
  }
  const at = (step: StepId, mode: ConsoleMode) =>
    report.steps.find((s) => s.step === step && s.mode === mode);
  const off = at('back', 'off');
  const p99Off = report.modes.find((m) => m.mode === 'off')?.p99Ms ?? Number.NaN;
  lines.push('', '| target (repeat view = `back`, against cache off) | memory | redis | met |');
  lines.push('|---|---|---|---|');
  const row = (name: string, values: [number, number], limits: [number, number]) => {
    const met = values[0] <= limits[0] && values[1] <= limits[1];
    lines.push(
      `| ${name} | ${values[0].toFixed(2)}× | ${values[1].toFixed(2)}× | ${met ? 'yes' : 'NO'} |`,
    );
  };
  if (off !== undefined) {
    const memory = at('back', 'memory');
    const redisStep = at('back', 'redis');
    row(
      'SWR calls per repeat view ≤ 0.1×',
      [
        ratio(memory?.swrCallsPerView ?? Number.NaN, off.swrCallsPerView),
        ratio(redisStep?.swrCallsPerView ?? Number.NaN, off.swrCallsPerView),
      ],
      [0.1, 0.1],
    );
    row(
      'CPU per repeat view ≤ 0.3× memory, ≤ 0.5× redis',
      [
        ratio(memory?.cpuMsPerView ?? Number.NaN, off.cpuMsPerView),
        ratio(redisStep?.cpuMsPerView ?? Number.NaN, off.cpuMsPerView),
      ],
      [0.3, 0.5],
    );
  }
  row(
    'p99 of the whole workload ≤ 0.5×',
    [
      ratio(report.modes.find((m) => m.mode === 'memory')?.p99Ms ?? Number.NaN, p99Off),
      ratio(report.modes.find((m) => m.mode === 'redis')?.p99Ms ?? Number.NaN, p99Off),
    ],
    [0.5, 0.5],
  );
  return `${lines.join('\n')}\n`;
}
