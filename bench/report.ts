import { mkdir, writeFile } from 'node:fs/promises';
import type { ConsoleReport } from './console.js';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import { SCENARIOS } from './scenarios.js';

/** Aggregation of the measured windows, the targets, and the markdown/JSON results. */

/** One measured window: one scenario against one server, for `duration` seconds. */
export interface Window extends Omit<LoadResult, 'answeredIds'> {
  scenario: string;
  /** `baseline`, `variant`, a peer (`apollo`), or `emulator` for the REST scenario. */
  server: string;
  round: number;
  /** CPU time of the server process over the window. */
  cpuMs: number;
  peakRssMb: number;
  rssMethod: string;
  /** Upstream calls made for the requests answered in the window (gateway only). */
  upstreamCalls?: number;
}

/** All windows of one scenario and server, combined. */
export interface Row {
  scenario: string;
  server: string;
  windows: number;
  requests: number;
  requestsPerSecond: number;
  /** Mean of the windows' percentiles (exact with one window). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  upstreamPerRequest?: number;
  non2xx: number;
  errors: number;
  graphqlErrors: number;
}

export interface Startup {
  server: string;
  listeningMs?: number;
  firstResponseMs: number;
  rssMbAfterStart: number;
}

export interface Report {
  startedAt: string;
  options: BenchOptions;
  /** The commit the baseline was built from, with `--base-ref`. */
  baseCommit?: string;
  machine: { node: string; cpus: number; loadAverageBefore: number[]; loadAverageAfter: number[] };
  startup: Startup[];
  rows: Row[];
  windows: Window[];
  /** The console workload, when it ran. */
  console?: ConsoleReport;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => sum(values) / values.length;

export function aggregate(windows: Window[]): Row[] {
  const groups = new Map<string, Window[]>();
  for (const window of windows) {
    const key = `${window.scenario}\u0000${window.server}`;
    groups.set(key, [...(groups.get(key) ?? []), window]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Window;
    const requests = sum(group.map((w) => w.requests));
    const upstream = group.map((w) => w.upstreamCalls);
    return {
      scenario: first.scenario,
      server: first.server,
      windows: group.length,
      requests,
      requestsPerSecond: requests / sum(group.map((w) => w.seconds)),
      p50Ms: mean(group.map((w) => w.p50Ms)),
      p99Ms: mean(group.map((w) => w.p99Ms)),
      maxMs: Math.max(...group.map((w) => w.maxMs)),
      cpuMsPerRequest: requests > 0 ? sum(group.map((w) => w.cpuMs)) / requests : Number.NaN,
      peakRssMb: Math.max(...group.map((w) => w.peakRssMb)),
      upstreamPerRequest:
        upstream.every((n) => n !== undefined) && requests > 0
          ? sum(upstream as number[]) / requests
          : undefined,
      non2xx: sum(group.map((w) => w.non2xx)),
      errors: sum(group.map((w) => w.errors)),
      graphqlErrors: sum(group.map((w) => w.graphqlErrors)),
    };
  });
}

/** The four figures compared with a peer, per window. */
const FIGURES = {
  cpu: (w: Window) => (w.requests > 0 ? w.cpuMs / w.requests : Number.NaN),
  rps: (w: Window) => w.requestsPerSecond,
  p99: (w: Window) => w.p99Ms,
  rss: (w: Window) => w.peakRssMb,
} as const;

type Figure = keyof typeof FIGURES;

/** A figure of one server over another's, per round: the median and the range of the rounds. */
export interface RoundRatios {
  scenario: string;
  server: string;
  peer: string;
  rounds: number;
  median: Record<Figure, number>;
  min: Record<Figure, number>;
  max: Record<Figure, number>;
}

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `server`'s figures over `peer`'s, round by round (both were measured in the same round, one
 * right after the other), for every scenario both served.
 */
export function roundRatios(windows: Window[], server: string, peer: string): RoundRatios[] {
  const result: RoundRatios[] = [];
  const scenarios = [...new Set(windows.map((w) => w.scenario))];
  for (const scenario of scenarios) {
    const pairs: [Window, Window][] = [];
    for (const own of windows) {
      if (own.scenario !== scenario || own.server !== server) continue;
      const other = windows.find(
        (w) => w.scenario === scenario && w.server === peer && w.round === own.round,
      );
      if (other !== undefined) pairs.push([own, other]);
    }
    if (pairs.length === 0) continue;
    const entry = { scenario, server, peer, rounds: pairs.length } as RoundRatios;
    entry.median = {} as Record<Figure, number>;
    entry.min = {} as Record<Figure, number>;
    entry.max = {} as Record<Figure, number>;
    for (const figure of Object.keys(FIGURES) as Figure[]) {
      const of = FIGURES[figure];
      const ratios = pairs.map(([own, other]) => of(own) / of(other));
      entry.median[figure] = median(ratios);
      entry.min[figure] = Math.min(...ratios);
      entry.max[figure] = Math.max(...ratios);
    }
    result.push(entry);
  }
  return result;
}

interface Check {
  target: string;
  value: string;
  pass: boolean;
}

/**
 * The targets of bench/README.md, for one gateway. Scenarios not run are skipped; the targets
 * relative to Apollo need the Apollo peer in the same run (the medians of the per-round ratios).
 */
export function checkTargets(
  rows: Row[],
  startup: Startup | undefined,
  server: string,
  versusApollo: RoundRatios[] = [],
): Check[] {
  const row = (id: string) => rows.find((r) => r.scenario === id && r.server === server);
  const checks: Check[] = [];
  const add = (
    target: string,
    value: number | undefined,
    pass: (v: number) => boolean,
    shown: (v: number) => string = (v) => fmt(v),
  ) => {
    if (value !== undefined && Number.isFinite(value)) {
      checks.push({ target, value: shown(value), pass: pass(value) });
    }
  };
  const times = (v: number) => ratio(v, 1);
  const s1 = row('1');
  const apollo1 = versusApollo.find((r) => r.scenario === '1' && r.server === server);
  add('scenario 1: CPU/request ≤ 0.85× Apollo', apollo1?.median.cpu, (v) => v <= 0.85, times);
  add('scenario 1: req/s ≥ 1.2× Apollo', apollo1?.median.rps, (v) => v >= 1.2, times);
  add('scenario 1: p99 ≤ Apollo', apollo1?.median.p99, (v) => v <= 1, times);
  add('scenario 1: peak RSS ≤ 1.25× Apollo', apollo1?.median.rss, (v) => v <= 1.25, times);
  const s4 = row('4');
  add(
    'scenario 4: CPU ≤ 0.25 ms per SWR call',
    s4?.upstreamPerRequest ? s4.cpuMsPerRequest / s4.upstreamPerRequest : undefined,
    (v) => v <= 0.25,
    (v) => `${v.toFixed(3)} ms`,
  );
  for (const id of ['2', '3']) {
    const relative =
      s1 && row(id) ? (row(id) as Row).cpuMsPerRequest / s1.cpuMsPerRequest : undefined;
    add(`scenario ${id}: CPU/request ≤ 1.5× scenario 1`, relative, (v) => v <= 1.5, times);
  }
  const own = rows.filter((r) => r.server === server);
  if (own.length > 0) {
    const failed = sum(own.map((r) => r.non2xx + r.errors + r.graphqlErrors));
    add('zero errors (non-2xx, connection, GraphQL)', failed, (v) => v === 0, String);
  }
  for (const id of ['1', '2', '5']) {
    add(
      `scenario ${id}: 1.00 upstream call/request`,
      row(id)?.upstreamPerRequest,
      (v) => v.toFixed(2) === '1.00',
      (v) => fmt(v, 2),
    );
  }
  add(
    'startup < 1 s (spawn → first response)',
    startup?.firstResponseMs,
    (v) => v < 1000,
    (v) => `${fmt(v, 0)} ms`,
  );
  return checks;
}

function fmt(value: number | undefined, digits?: number): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toFixed(places);
}

/** `a / b` as `0.52×`, with two significant digits below 0.1. */
function ratio(a: number, b: number): string {
  const r = a / b;
  if (!Number.isFinite(r)) return '—';
  return `${r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}

const NAMES = new Map(SCENARIOS.map((s) => [s.id, s.name]));

export function renderMarkdown(report: Report): string {
  const { options, machine } = report;
  const peers = options.peers ?? [];
  const servers = [...new Set(report.rows.map((r) => r.server))].filter(
    (s) => s !== 'emulator' && !peers.includes(s),
  );
  const versus = peers.flatMap((peer) =>
    servers.flatMap((server) => roundRatios(report.windows, server, peer)),
  );
  const lines: string[] = [];
  lines.push(
    `### ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC${options.label ? ` — ${options.label}` : ''}`,
  );
  lines.push('');
  lines.push(
    `Node ${machine.node}, ${machine.cpus} cores, load average ${machine.loadAverageBefore.map((n) => n.toFixed(2)).join(' ')} before / ${machine.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')} after; ` +
      `${options.connections} connections, ${options.warmup} s warm-up, ${options.duration} s window × ${options.rounds} round(s).`,
  );
  const setup = (env: Record<string, string>, nodeArgs: string[]) =>
    `extra env \`${JSON.stringify(env)}\`${nodeArgs.length > 0 ? `, node \`${nodeArgs.join(' ')}\`` : ''}`;
  lines.push('');
  const built =
    report.baseCommit === undefined
      ? ''
      : ` Baseline built from \`${options.baseRef}\` (${report.baseCommit.slice(0, 12)}), variant from the working tree.`;
  lines.push(`Gateway: ${setup(options.baseEnv, options.baseNodeArgs)}.${built}`);
  if (options.compare) {
    lines.push(
      `Variant: baseline plus ${setup(options.variantEnv, options.variantNodeArgs)}; windows interleaved.`,
    );
  }
  if (peers.length > 0) {
    lines.push(
      `Peers: ${peers.join(', ')} (bench/apollo/: Apollo Server 5 + @apollo/datasource-rest, NODE_ENV=production), interleaved with the gateway in scenarios ${SCENARIOS.filter(
        (s) => s.peers,
      )
        .map((s) => s.id)
        .join(', ')}.`,
    );
  }
  lines.push('');
  for (const s of report.startup) {
    const listening =
      s.listeningMs === undefined ? '' : `, listening after ${fmt(s.listeningMs, 0)} ms`;
    lines.push(
      `Startup (${s.server}): first successful GraphQL response ${fmt(s.firstResponseMs, 0)} ms after spawn${listening}; RSS then ${fmt(s.rssMbAfterStart, 0)} MB.`,
    );
  }
  lines.push('');
  lines.push(
    '| # | Scenario | Server | req/s | p50 ms | p99 ms | max ms | CPU ms/req | peak RSS MB | upstream/req | non-2xx | errors | GraphQL errors | requests |',
  );
  lines.push('|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  const ids = [...new Set(report.rows.map((r) => r.scenario))];
  for (const id of ids) {
    const rows = report.rows.filter((r) => r.scenario === id);
    for (const r of rows) {
      lines.push(
        `| ${id} | ${NAMES.get(id) ?? id} | ${r.server} | ${fmt(r.requestsPerSecond, 0)} | ${fmt(r.p50Ms, 1)} | ${fmt(r.p99Ms, 1)} | ${fmt(r.maxMs, 0)} | ${fmt(r.cpuMsPerRequest, 3)} | ${fmt(r.peakRssMb, 0)} | ${fmt(r.upstreamPerRequest, 2)} | ${r.non2xx} | ${r.errors} | ${r.graphqlErrors} | ${r.requests} |`,
      );
    }
    const pairs: [string, string][] = [
      ['variant', 'baseline'],
      ...peers.flatMap((peer) => servers.map((server): [string, string] => [server, peer])),
    ];
    for (const [over, under] of pairs) {
      const a = rows.find((r) => r.server === over);
      const b = rows.find((r) => r.server === under);
      if (a && b) {
        lines.push(
          `| ${id} | | ${over}/${under} | ${ratio(a.requestsPerSecond, b.requestsPerSecond)} | ${ratio(a.p50Ms, b.p50Ms)} | ${ratio(a.p99Ms, b.p99Ms)} | | ${ratio(a.cpuMsPerRequest, b.cpuMsPerRequest)} | ${ratio(a.peakRssMb, b.peakRssMb)} | | | | | |`,
        );
      }
    }
  }
  if (versus.length > 0) {
    lines.push('');
    lines.push(
      'Per-round ratios to the peer (each round measures both, one right after the other): median (lowest–highest of the rounds).',
    );
    lines.push('');
    lines.push('| # | Server / peer | rounds | CPU ms/req | req/s | p99 | peak RSS |');
    lines.push('|---|---|--:|--:|--:|--:|--:|');
    const cell = (r: RoundRatios, f: Figure) =>
      `${ratio(r.median[f], 1)} (${ratio(r.min[f], 1)}–${ratio(r.max[f], 1)})`;
    for (const r of versus) {
      lines.push(
        `| ${r.scenario} | ${r.server}/${r.peer} | ${r.rounds} | ${cell(r, 'cpu')} | ${cell(r, 'rps')} | ${cell(r, 'p99')} | ${cell(r, 'rss')} |`,
      );
    }
  }
  for (const server of servers) {
    const s4 = report.rows.find((r) => r.scenario === '4' && r.server === server);
    if (s4?.upstreamPerRequest) {
      lines.push('');
      lines.push(
        `Scenario 4 (${server}): ${(s4.cpuMsPerRequest / s4.upstreamPerRequest).toFixed(3)} ms of CPU per SWR call (${fmt(s4.cpuMsPerRequest, 1)} ms for ${fmt(s4.upstreamPerRequest, 2)} calls).`,
      );
    }
  }
  const rest = report.rows.find((r) => r.scenario === 'rest');
  for (const server of servers) {
    const s1 = report.rows.find((r) => r.scenario === '1' && r.server === server);
    if (rest && s1) {
      lines.push('');
      lines.push(
        `Gateway (${server}, scenario 1) / REST: req/s ${ratio(s1.requestsPerSecond, rest.requestsPerSecond)}, p99 ${ratio(s1.p99Ms, rest.p99Ms)}.`,
      );
    }
  }
  for (const server of servers) {
    const checks = checkTargets(
      report.rows,
      report.startup.find((s) => s.server === server),
      server,
      versus.filter((r) => r.peer === 'apollo'),
    );
    if (checks.length === 0) continue;
    lines.push('');
    lines.push(`Targets (${server}): ${checks.filter((c) => c.pass).length}/${checks.length} met`);
    lines.push('');
    for (const c of checks) lines.push(`- ${c.pass ? '✅' : '❌'} ${c.target}: ${c.value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `latest.{md,json}` (git-ignored) and, with `save`, a dated copy meant to be committed. */
export async function writeResults(report: Report, markdown: string): Promise<string[]> {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const names = ['latest'];
  if (report.options.save)
    names.push(report.startedAt.slice(0, 16).replace('T', '-').replace(':', ''));
  const written: string[] = [];
  for (const name of names) {
    await writeFile(new URL(`${name}.md`, dir), markdown);
    await writeFile(new URL(`${name}.json`, dir), `${JSON.stringify(report, null, 2)}\n`);
    written.push(`bench/results/${name}.md`, `bench/results/${name}.json`);
  }
  return written;
}
