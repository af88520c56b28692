import { startRedisServer } from '../test/helpers/redis-server.js';
import { type OpenLoopFigures, renderOpenLoopMarkdown, runOpenLoop } from './console-open-loop.js';
import {
  CONSOLE_STEPS,
  percentile,
  rotate,
  type StepId,
  takeSwrCalls,
  type UserState,
  viewOnce,
  wayTag,
} from './console-view.js';
import { cpuMs, watchPeakRss } from './proc.js';
import type { EmulatorProcess } from './processes.js';

/**
 * The console workload (issue 14): many distinct tokens, each acting like a console user, run
 * against three gateways in the same run, step by step and interleaved: the cache off, `memory`
 * and `redis` (the benchmark starts its own `redis-server`).
 */

export const CONSOLE_MODES = ['off', 'memory', 'redis'] as const;
export type ConsoleMode = (typeof CONSOLE_MODES)[number];

/** Users of the warm-up journey per gateway (none with `--warmup 0`). */
export const CONSOLE_WARMUP_USERS = 20;

/**
 * `CACHE_MEMORY_MB` of the `memory` gateway per user (warm-up users included), at least the
 * default 64: the workload measures what the cache saves, not what the LRU evicts.
 */
export const CONSOLE_MEMORY_MB_PER_USER = 1;

/** Seconds every kind is cached in this workload (see bench/README.md). */
export const CONSOLE_TTL_S = 300;
const CACHE_SECRET = 'bench-console-cache-secret-0123456789';

export interface ConsoleGateway {
  origin: string;
  pid: number;
}

/**
 * One gateway of the workload: a cache mode, built from the baseline (the working tree, or
 * `--base-ref`) or, with `--compare`, from the variant. `id` names it in the tables: the mode, or
 * `<mode> variant`.
 */
export interface ConsoleWay {
  id: string;
  mode: ConsoleMode;
  variant: boolean;
}

export interface ConsoleOptions {
  users: number;
  connections: number;
  /**
   * Users whose whole journey each gateway serves before the measured steps, not measured (their
   * own tokens), so that no step pays for a fresh process's first requests. 0 skips the warm-up.
   */
  warmupUsers: number;
  /**
   * Steps to measure (the others are not run, and a step that needs an earlier one's cursor or
   * repository then starts from the first page); the warm-up runs every step.
   */
  steps: readonly string[];
  /**
   * Users arriving per second in an open loop (`--arrival`), each running the six steps in turn;
   * unset: the closed loop, step by step.
   */
  arrivalPerSecond?: number | undefined;
  /** Also run every mode on the variant gateway (`--compare`), interleaved with the baseline. */
  compare: boolean;
  emulator: EmulatorProcess;
  /** Starts a baseline or variant gateway with this extra environment. */
  launch(name: string, env: Record<string, string>, variant: boolean): Promise<ConsoleGateway>;
  log(message: string): void;
}

/** Figures of one step (view) on one way. */
export interface ConsoleStepFigures {
  step: StepId;
  /** `ConsoleWay.id`. */
  way: string;
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

/** Figures of the whole workload on one way. */
export interface ConsoleWayFigures {
  way: string;
  mode: ConsoleMode;
  variant: boolean;
  views: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  /** `redis` only: the commands its own `redis-server` counted (`INFO commandstats`). */
  redisCommands?: Record<string, number>;
  /** `memory` only: the store's size limit and, at the end, its bytes and entries (/metrics). */
  memoryStore?: { limitMb: number; bytes: number; entries: number };
}

export interface ConsoleReport {
  /** Set for an open-loop run (`--arrival`); `steps` is then empty. */
  arrivalPerSecond?: number;
  openLoop?: OpenLoopFigures[];
  users: number;
  connections: number;
  warmupUsers: number;
  ttlSeconds: number;
  steps: ConsoleStepFigures[];
  ways: ConsoleWayFigures[];
}

/** The workload's ways: the three modes on the baseline, then (with `compare`) on the variant. */
export function consoleWays(compare: boolean): ConsoleWay[] {
  return (compare ? [false, true] : [false]).flatMap((variant) =>
    CONSOLE_MODES.map((mode) => ({ id: variant ? `${mode} variant` : mode, mode, variant })),
  );
}

interface RunningWay extends ConsoleWay {
  gateway: ConsoleGateway;
  users: UserState[];
  latencies: number[];
  failed: number;
  redisPort?: number;
}

export async function runConsoleWorkload(options: ConsoleOptions): Promise<ConsoleReport> {
  const { log } = options;
  const stops: (() => Promise<void>)[] = [];
  try {
    const ttls = Object.fromEntries(
      ['LIST', 'REPOSITORY', 'TAGS', 'SHARES', 'NAMESPACES'].map((kind) => [
        `CACHE_TTL_${kind}_S`,
        String(CONSOLE_TTL_S),
      ]),
    );
    const memoryMb = Math.max(
      64,
      Math.ceil((options.users + options.warmupUsers) * CONSOLE_MEMORY_MB_PER_USER),
    );
    const ways: RunningWay[] = [];
    for (const way of consoleWays(options.compare)) {
      const env: Record<string, string> = { CACHE: way.mode };
      let redisPort: number | undefined;
      if (way.mode !== 'off') Object.assign(env, { CACHE_SECRET, ...ttls });
      if (way.mode === 'memory') env.CACHE_MEMORY_MB = String(memoryMb);
      if (way.mode === 'redis') {
        // One server per way: no shared entries, and commands counted per way.
        const redis = await startRedisServer();
        stops.push(() => redis.stop());
        env.REDIS_URL = redis.url;
        redisPort = redis.port;
      }
      const name = `console-${wayTag(way.id)}`;
      const gateway = await options.launch(name, env, way.variant);
      const users = Array.from({ length: options.users }, (_, index) => ({
        token: `console-${index}#100`,
        pages: [null],
      }));
      ways.push({ ...way, gateway, users, latencies: [], failed: 0, redisPort });
    }
    for (const way of ways) await warmUp(options, way);
    const rss = new Map(ways.map((way) => [way.id, watchPeakRss(way.gateway.pid)]));
    for (const way of ways) {
      if (way.redisPort !== undefined) await redisCommandStats(way.redisPort, true);
    }
    const steps: ConsoleStepFigures[] = [];
    let openLoop: OpenLoopFigures[] | undefined;
    if (options.arrivalPerSecond !== undefined) {
      openLoop = await runOpenLoop(
        ways.map((way) => ({ ...way, ...way.gateway })),
        options.arrivalPerSecond,
        options.emulator,
      );
      for (const loopFigures of openLoop) {
        const way = ways.find((candidate) => candidate.id === loopFigures.way) as RunningWay;
        way.latencies.push(...loopFigures.latencies);
        way.failed += loopFigures.failedViews;
        log(
          `console open loop ${way.id}: ${loopFigures.cpuMsPerJourney.toFixed(1)} CPU ms/journey, ` +
            `${loopFigures.swrCallsPerJourney.toFixed(1)} SWR calls/journey, ${loopFigures.failedViews} failed views`,
        );
      }
    }
    for (const [index, step] of CONSOLE_STEPS.entries()) {
      if (openLoop !== undefined || !options.steps.includes(step.id)) continue;
      for (const way of rotate(ways, index)) {
        const figures = await runStep(options, way, step.id, way.users);
        way.latencies.push(...figures.latencies);
        way.failed += figures.step.failed;
        steps.push(figures.step);
        log(
          `console ${step.id} ${way.id}: ${figures.step.swrCallsPerView.toFixed(2)} SWR calls/view, ` +
            `${figures.step.cpuMsPerView.toFixed(2)} CPU ms/view, p99 ${figures.step.p99Ms.toFixed(0)} ms, ` +
            `${figures.step.cacheErrors} cache errors` +
            (figures.step.failed > 0 ? `, ${figures.step.failed} FAILED` : ''),
        );
      }
    }
    const figures: ConsoleWayFigures[] = [];
    for (const way of ways) {
      const wayFigures: ConsoleWayFigures = {
        way: way.id,
        mode: way.mode,
        variant: way.variant,
        views: way.latencies.length,
        failed: way.failed,
        p50Ms: percentile(way.latencies, 0.5),
        p99Ms: percentile(way.latencies, 0.99),
        peakRssMb: rss.get(way.id)?.stop().peakMb ?? Number.NaN,
      };
      if (way.redisPort !== undefined) {
        wayFigures.redisCommands = await redisCommandStats(way.redisPort, false);
      }
      if (way.mode === 'memory') {
        const gauges = await metricsSums(way.gateway.origin, [
          'swr_bff_cache_memory_bytes',
          'swr_bff_cache_entries',
        ]);
        wayFigures.memoryStore = {
          limitMb: memoryMb,
          bytes: gauges.swr_bff_cache_memory_bytes ?? Number.NaN,
          entries: gauges.swr_bff_cache_entries ?? Number.NaN,
        };
      }
      figures.push(wayFigures);
    }
    return {
      ...(openLoop === undefined
        ? {}
        : {
            arrivalPerSecond: options.arrivalPerSecond,
            openLoop: openLoop.map((loopFigures) => ({ ...loopFigures, latencies: [] })),
          }),
      users: options.users,
      connections: options.connections,
      warmupUsers: options.warmupUsers,
      ttlSeconds: CONSOLE_TTL_S,
      steps,
      ways: figures,
    };
  } finally {
    await Promise.all(stops.map((stop) => stop()));
  }
}

/** Every step for `options.warmupUsers` users of their own, unmeasured, then drops their calls. */
async function warmUp(options: ConsoleOptions, way: RunningWay) {
  if (options.warmupUsers === 0) return;
  const users = Array.from(
    { length: options.warmupUsers },
    (_, index): UserState => ({ token: `console-warmup-${index}#100`, pages: [null] }),
  );
  let failed = 0;
  for (const step of CONSOLE_STEPS) {
    failed += (await runStep(options, way, step.id, users, 'warmup')).step.failed;
  }
  if (failed > 0) options.log(`console warm-up ${way.id}: ${failed} views FAILED`);
  await options.emulator.takeCalls();
}

async function runStep(
  options: ConsoleOptions,
  way: RunningWay,
  step: StepId,
  users: UserState[],
  phase: 'warmup' | 'measured' = 'measured',
): Promise<{ step: ConsoleStepFigures; latencies: number[] }> {
  const { gateway } = way;
  const prefix = `console-${phase}-${wayTag(way.id)}-${step}-`;
  await options.emulator.takeCalls();
  const before = await cacheCounters(gateway.origin);
  const cpuBefore = cpuMs(gateway.pid);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const user = users[next] as UserState;
      const id = `${prefix}${next}`;
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
  const swrCalls = await takeSwrCalls(options.emulator, prefix);
  const views = users.length;
  return {
    latencies,
    step: {
      step,
      way: way.id,
      mode: way.mode,
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

/** Sums of `swr_bff_cache_round_trips_total` and `swr_bff_cache_errors_total` on /metrics. */
async function cacheCounters(origin: string): Promise<{ roundTrips: number; errors: number }> {
  const sums = await metricsSums(origin, [
    'swr_bff_cache_round_trips_total',
    'swr_bff_cache_errors_total',
  ]);
  return {
    roundTrips: sums.swr_bff_cache_round_trips_total ?? 0,
    errors: sums.swr_bff_cache_errors_total ?? 0,
  };
}

/** Each of `names` on the gateway's /metrics, summed over its labels. */
async function metricsSums(origin: string, names: string[]): Promise<Record<string, number>> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const sums: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const name = /^[a-z_]+/.exec(line)?.[0];
    if (name === undefined || !names.includes(name)) continue;
    sums[name] = (sums[name] ?? 0) + Number(line.split(' ').pop());
  }
  return sums;
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

const ratio = (value: number, base: number) => (base > 0 ? value / base : Number.NaN);

/** The console workload as Markdown: one row per view and way, then the targets per side. */
export function renderConsoleMarkdown(report: ConsoleReport): string {
  const lines = [
    `## Console workload (${report.users} users, ${report.arrivalPerSecond === undefined ? `${report.connections} at once` : `arriving at ${report.arrivalPerSecond}/s`}, every cache TTL ${report.ttlSeconds} s, ${report.warmupUsers} warm-up users per gateway)`,
    '',
    '| view | cache | SWR calls/view | CPU ms/view | p50 ms | p99 ms | cache round trips/view | cache errors | failed |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  if (report.openLoop !== undefined && report.arrivalPerSecond !== undefined) {
    lines.splice(2, 2, ...renderOpenLoopMarkdown(report.arrivalPerSecond, report.openLoop));
  }
  for (const step of CONSOLE_STEPS) {
    for (const way of report.ways) {
      const f = report.steps.find((s) => s.step === step.id && s.way === way.way);
      if (f === undefined) continue;
      lines.push(
        `| ${step.id} | ${way.way} | ${f.swrCallsPerView.toFixed(2)} | ${f.cpuMsPerView.toFixed(2)} | ${f.p50Ms.toFixed(0)} | ${f.p99Ms.toFixed(0)} | ${f.cacheRoundTripsPerView.toFixed(2)} | ${f.cacheErrors} | ${f.failed} |`,
      );
    }
  }
  lines.push('', '| cache | views | p50 ms | p99 ms (whole workload) | peak RSS MB | failed |');
  lines.push('|---|---|---|---|---|---|');
  for (const m of report.ways) {
    lines.push(
      `| ${m.way} | ${m.views} | ${m.p50Ms.toFixed(0)} | ${m.p99Ms.toFixed(0)} | ${m.peakRssMb.toFixed(0)} | ${m.failed} |`,
    );
  }
  for (const way of report.ways) {
    const redis = way.redisCommands;
    if (redis !== undefined) {
      const total = Object.values(redis).reduce((a, b) => a + b, 0);
      lines.push(
        '',
        `Redis commands of \`${way.way}\` (INFO commandstats): ${Object.entries(redis)
          .map(([command, calls]) => `${command} ${calls}`)
          .join(', ')}; ${(total / Math.max(1, way.views)).toFixed(2)} per view.`,
      );
    }
    const store = way.memoryStore;
    if (store !== undefined) {
      const users = report.users + report.warmupUsers;
      lines.push(
        '',
        `Memory store of \`${way.way}\` at the end (\`CACHE_MEMORY_MB=${store.limitMb}\`): ${(store.bytes / 2 ** 20).toFixed(1)} MiB in ${store.entries} entries, ${(store.bytes / 1024 / users).toFixed(0)} KiB per user.`,
      );
    }
  }
  for (const variant of [false, true]) {
    const side = report.ways.filter((way) => way.variant === variant);
    if (side.length > 0) lines.push('', ...renderTargets(report, side, variant));
  }
  return `${lines.join('\n')}\n`;
}

/** The issue's targets for the ways of one side (baseline or variant), against its own `off`. */
function renderTargets(
  report: ConsoleReport,
  side: ConsoleWayFigures[],
  variant: boolean,
): string[] {
  const wayOf = (mode: ConsoleMode) => side.find((way) => way.mode === mode);
  const at = (step: StepId, mode: ConsoleMode) =>
    report.steps.find((s) => s.step === step && s.way === wayOf(mode)?.way);
  const lines = [
    `| target${variant ? ' (variant)' : ''} (repeat view = \`back\`, against cache off) | memory | redis | met |`,
    '|---|---|---|---|',
  ];
  const row = (name: string, values: [number, number], limits: [number, number]) => {
    const met = values[0] <= limits[0] && values[1] <= limits[1];
    lines.push(
      `| ${name} | ${values[0].toFixed(2)}× | ${values[1].toFixed(2)}× | ${met ? 'yes' : 'NO'} |`,
    );
  };
  const repeat = (figure: 'swrCallsPerView' | 'cpuMsPerView'): [number, number] => {
    const off = at('back', 'off')?.[figure] ?? Number.NaN;
    return [
      ratio(at('back', 'memory')?.[figure] ?? Number.NaN, off),
      ratio(at('back', 'redis')?.[figure] ?? Number.NaN, off),
    ];
  };
  if (at('back', 'off') !== undefined) {
    row('SWR calls per repeat view ≤ 0.1×', repeat('swrCallsPerView'), [0.1, 0.1]);
    row('CPU per repeat view ≤ 0.3× memory, ≤ 0.5× redis', repeat('cpuMsPerView'), [0.3, 0.5]);
  }
  const p99Off = wayOf('off')?.p99Ms ?? Number.NaN;
  row(
    'p99 of the whole workload ≤ 0.5×',
    [
      ratio(wayOf('memory')?.p99Ms ?? Number.NaN, p99Off),
      ratio(wayOf('redis')?.p99Ms ?? Number.NaN, p99Off),
    ],
    [0.5, 0.5],
  );
  return lines;
}
