import { cpus, loadavg } from 'node:os';
import {
  CONSOLE_WARMUP_USERS,
  type ConsoleReport,
  renderConsoleMarkdown,
  runConsoleWorkload,
} from './console.js';
import { type HttpRequest, runLoad } from './load.js';
import { type BenchOptions, readOptions } from './options.js';
import { cpuMs, rssMb, watchPeakRss } from './proc.js';
import {
  buildGateway,
  buildGatewayAt,
  buildPeers,
  type EmulatorProcess,
  type GatewayProcess,
  startEmulator,
  startGateway,
} from './processes.js';
import {
  aggregate,
  type Report,
  renderMarkdown,
  type Startup,
  type Window,
  writeResults,
} from './report.js';
import { graphqlRequest, SCENARIOS, type Scenario, send, TOKEN_A } from './scenarios.js';

/** `npm run bench`: starts the emulator and the gateway(s), loads them, prints and saves a table. */

interface Server {
  name: string;
  origin: string;
  pid: number;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** The startup probe: scenario 1's request must succeed. */
const PROBE = graphqlRequest(
  'query BenchProbe { sharedRepositories(center: SELF, first: 20) { edges { node { name } } } }',
  TOKEN_A,
);

async function launchGateway(
  name: string,
  emulator: EmulatorProcess,
  env: Record<string, string>,
  nodeArgs: string[],
  root?: string,
  command?: { nodeArgs: string[]; script: string; listening: string },
) {
  const gateway = await startGateway({
    swrEndpoint: emulator.url,
    env,
    nodeArgs,
    root,
    command,
    probe: (url) => send(new URL(url).origin, PROBE).then(() => true),
  });
  const startup: Startup = {
    server: name,
    listeningMs: gateway.listeningMs,
    firstResponseMs: gateway.firstResponseMs,
    rssMbAfterStart: rssMb(gateway.pid),
  };
  log(`${name} answered ${gateway.firstResponseMs.toFixed(0)} ms after spawn (${gateway.url})`);
  return { gateway, startup };
}

/** Warm-up, then one measured window of `scenario` against `server`. */
async function measure(
  options: BenchOptions,
  emulator: EmulatorProcess,
  scenario: Scenario,
  server: Server,
  requests: HttpRequest[],
  round: number,
): Promise<Window> {
  const graphql = scenario.target === 'gateway';
  const load = { origin: server.origin, requests, connections: options.connections, graphql };
  if (options.warmup > 0) await runLoad({ ...load, seconds: options.warmup });
  // The window follows the warm-up at once, so the server is busy at both of its edges: the CPU
  // of the requests in flight at the start (from the warm-up) balances that of the ones cut off
  // at the end. Upstream calls need no such balance: they are counted per answered request.
  await emulator.takeCalls(); // empties the call log
  const rss = watchPeakRss(server.pid);
  const cpuBefore = cpuMs(server.pid);
  const result = await runLoad({
    ...load,
    seconds: options.duration,
    idPrefix: graphql ? `bench-${scenario.id}-${server.name}-${round}-` : undefined,
  });
  const cpu = cpuMs(server.pid) - cpuBefore;
  const { peakMb, method } = rss.stop();
  const calls = await emulator.takeCalls();
  let upstreamCalls: number | undefined;
  if (graphql) {
    upstreamCalls = 0;
    for (const id of result.answeredIds) upstreamCalls += calls.byRequestId[id] ?? 0;
  }
  const { answeredIds: _, ...numbers } = result;
  const window: Window = {
    scenario: scenario.id,
    server: server.name,
    round,
    ...numbers,
    cpuMs: cpu,
    peakRssMb: peakMb,
    rssMethod: method,
    upstreamCalls,
  };
  const perRequest = (n: number, digits: number) =>
    result.requests > 0 ? (n / result.requests).toFixed(digits) : '—';
  log(
    `scenario ${scenario.id} ${server.name} round ${round}: ${result.requests} requests, ` +
      `${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99Ms} ms, ${perRequest(cpu, 3)} CPU ms/req` +
      (upstreamCalls === undefined ? '' : `, ${perRequest(upstreamCalls, 2)} upstream calls/req`) +
      (result.graphqlErrors === 0
        ? ''
        : `, GraphQL error codes ${JSON.stringify(result.errorCodes)}`),
  );
  return window;
}

async function main(): Promise<void> {
  const options = readOptions();
  const runsConsole = options.scenarios.includes('console');
  const scenarios = options.scenarios
    .filter((id) => id !== 'console')
    .map((id) => {
      const scenario = SCENARIOS.find((s) => s.id === id);
      if (scenario === undefined)
        throw new Error(
          `unknown scenario "${id}" (known: ${SCENARIOS.map((s) => s.id).join(', ')}, console)`,
        );
      return scenario;
    });
  const startedAt = new Date().toISOString();
  buildGateway();
  const base = options.baseRef === undefined ? undefined : buildGatewayAt(options.baseRef);
  if (base !== undefined) log(`baseline built from ${options.baseRef} (${base.commit})`);
  const peerCommands = options.peers.length > 0 ? await buildPeers() : {};
  const loadAverageBefore = loadavg();
  const emulator = await startEmulator();
  const gateways: { gateway: GatewayProcess; startup: Startup }[] = [];
  const peers: { gateway: GatewayProcess; startup: Startup }[] = [];
  const consoleGateways: GatewayProcess[] = [];
  try {
    // Scenarios 1–5 measure one SWR call per request, as every peer makes: coalescing would let
    // the identical requests of a scenario share one call (BENCH_GATEWAY_ENV can turn it back on).
    const scenarioEnv = { SWR_COALESCE: 'false', ...options.baseEnv };
    gateways.push(
      await launchGateway('baseline', emulator, scenarioEnv, options.baseNodeArgs, base?.root),
    );
    if (options.compare) {
      gateways.push(
        await launchGateway('variant', emulator, { ...scenarioEnv, ...options.variantEnv }, [
          ...options.baseNodeArgs,
          ...options.variantNodeArgs,
        ]),
      );
    }
    for (const name of options.peers) {
      const command = peerCommands[name];
      if (command === undefined) throw new Error(`peer ${name} was not built`);
      // As in production; graphql-js then skips its development-time checks, as in the gateway's
      // bundle.
      const env = { NODE_ENV: 'production' };
      peers.push(
        await launchGateway(name, emulator, env, [], undefined, {
          ...command,
          listening: `${name} peer is listening`,
        }),
      );
    }
    const windows: Window[] = [];
    for (const scenario of scenarios) {
      const servers: Server[] =
        scenario.target === 'emulator'
          ? [{ name: 'emulator', origin: emulator.url, pid: emulator.pid }]
          : [...gateways, ...(scenario.peers ? peers : [])].map(({ gateway, startup }) => ({
              name: startup.server,
              origin: new URL(gateway.url).origin,
              pid: gateway.pid,
            }));
      // Build each server's requests (scenario 3 pages to its cursor) and check they succeed.
      const requests = new Map<Server, HttpRequest[]>();
      for (const server of servers) {
        const list = await scenario.requests(server.origin);
        for (const request of list) await send(server.origin, request);
        requests.set(server, list);
      }
      // A longer warm-up of every server before the rounds (three times `warmup`): round 1's
      // first window would otherwise pay alone for compiling this scenario's code paths, and only
      // one server gets that place; the first scenario of a run also follows a cold start.
      if (options.warmup > 0 && servers.length > 1) {
        for (const server of servers) {
          await runLoad({
            origin: server.origin,
            requests: requests.get(server) ?? [],
            connections: options.connections,
            graphql: scenario.target === 'gateway',
            seconds: 3 * options.warmup,
          });
        }
      }
      for (let round = 1; round <= options.rounds; round++) {
        // Interleaved: baseline, variant, peers in odd rounds; the reverse in even ones.
        const order = round % 2 === 1 ? servers : [...servers].reverse();
        for (const server of order) {
          windows.push(
            await measure(options, emulator, scenario, server, requests.get(server) ?? [], round),
          );
        }
      }
    }
    let consoleReport: ConsoleReport | undefined;
    if (runsConsole) {
      consoleReport = await runConsoleWorkload({
        users: options.consoleUsers,
        connections: options.connections,
        warmupUsers: options.warmup > 0 ? CONSOLE_WARMUP_USERS : 0,
        compare: options.compare,
        steps: options.consoleSteps,
        arrivalPerSecond: options.consoleArrival,
        emulator,
        log,
        launch: async (name, env, variant) => {
          const launched = variant
            ? await launchGateway(
                name,
                emulator,
                { ...options.baseEnv, ...options.variantEnv, ...env },
                [...options.baseNodeArgs, ...options.variantNodeArgs],
              )
            : await launchGateway(
                name,
                emulator,
                { ...options.baseEnv, ...env },
                options.baseNodeArgs,
                base?.root,
              );
          consoleGateways.push(launched.gateway);
          return { origin: new URL(launched.gateway.url).origin, pid: launched.gateway.pid };
        },
      });
    }
    const report: Report = {
      startedAt,
      options,
      ...(base === undefined ? {} : { baseCommit: base.commit }),
      machine: {
        node: process.version,
        cpus: cpus().length,
        loadAverageBefore,
        loadAverageAfter: loadavg(),
      },
      startup: [...gateways, ...peers].map((g) => g.startup),
      rows: aggregate(windows),
      windows,
      ...(consoleReport === undefined ? {} : { console: consoleReport }),
    };
    const markdown =
      renderMarkdown(report) +
      (consoleReport === undefined ? '' : `\n${renderConsoleMarkdown(consoleReport)}`);
    process.stdout.write(`\n${markdown}`);
    const written = await writeResults(report, markdown);
    log(`wrote ${written.join(', ')}`);
  } finally {
    await Promise.all([
      ...[...gateways, ...peers].map((g) => g.gateway.stop()),
      ...consoleGateways.map((gateway) => gateway.stop()),
      emulator.stop(),
    ]);
  }
}

await main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
