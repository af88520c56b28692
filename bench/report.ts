import { mkdir, writeFile } from 'node:fs/promises';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import { SCENARIOS } from './scenarios.js';

/** Aggregation of the measured windows, the targets, and the markdown/JSON results. */

/** One measured window: one scenario against one server, for `duration` seconds. */
export interface Window extends Omit<LoadResult, 'answeredIds'> {
  scenario: string;
  /** `baseline`, `variant`, or `emulator` for the REST scenario. */
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

interface Check {
  target: string;
  value: string;
  pass: boolean;
}

/** The targets of bench/README.md, for one gateway. Scenarios not run are skipped. */
export function checkTargets(rows: Row[], startup: Startup | undefined, server: string): Check[] {
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
  const ms = (v: number) => `${fmt(v)} ms`;
  const s1 = row('1');
  add('scenario 1: gateway CPU ≤ 0.5 ms/request', s1?.cpuMsPerRequest, (v) => v <= 0.5, ms);
  for (const id of ['2', '3']) {
    const times = s1 && row(id) ? (row(id) as Row).cpuMsPerRequest / s1.cpuMsPerRequest : undefined;
    add(
      `scenario ${id}: CPU/request ≤ 1.5× scenario 1`,
      times,
      (v) => v <= 1.5,
      (v) => ratio(v, 1),
    );
  }
  add(
    'scenario 1: ≥ 2500 req/s (2.5× Apollo Server + RESTDataSource)',
    s1?.requestsPerSecond,
    (v) => v >= 2500,
    (v) => fmt(v, 0),
  );
  for (const id of ['1', '2', '3', '5'])
    add(`scenario ${id}: p99 < 40 ms`, row(id)?.p99Ms, (v) => v < 40, ms);
  const own = rows.filter((r) => r.server === server);
  if (own.length > 0) {
    add(
      'peak RSS < 150 MB',
      Math.max(...own.map((r) => r.peakRssMb)),
      (v) => v < 150,
      (v) => `${fmt(v, 0)} MB`,
    );
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
  const servers = [...new Set(report.rows.map((r) => r.server))].filter((s) => s !== 'emulator');
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
    const [base, variant] = [
      rows.find((r) => r.server === 'baseline'),
      rows.find((r) => r.server === 'variant'),
    ];
    if (base && variant) {
      lines.push(
        `| ${id} | | variant/baseline | ${ratio(variant.requestsPerSecond, base.requestsPerSecond)} | ${ratio(variant.p50Ms, base.p50Ms)} | ${ratio(variant.p99Ms, base.p99Ms)} | | ${ratio(variant.cpuMsPerRequest, base.cpuMsPerRequest)} | ${ratio(variant.peakRssMb, base.peakRssMb)} | | | | | |`,
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
