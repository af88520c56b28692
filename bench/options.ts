import { parseArgs } from 'node:util';
import { CONSOLE_STEPS } from './console-view.js';

/** Benchmark options: command-line flags, else `BENCH_*` environment variables, else defaults. */
export interface BenchOptions {
  /** Seconds of each measured window. */
  duration: number;
  /** Seconds of load before each window, not measured. */
  warmup: number;
  connections: number;
  /** Scenario ids to run (`1`…`5`, `rest`, and `console`: the console workload). */
  scenarios: string[];
  /** Distinct tokens (console users) of the console workload. */
  consoleUsers: number;
  /**
   * Steps of the console workload to measure, in its own order (`--steps`); the warm-up still
   * runs every step. Default: all six.
   */
  consoleSteps: string[];
  /**
   * Console users arriving per second in an open loop (`--arrival`), each running the six steps in
   * turn; unset: the closed loop of `--connections`, step by step.
   */
  consoleArrival?: number | undefined;
  /** Measure a baseline and a variant gateway, interleaved. */
  compare: boolean;
  /**
   * Git revision the baseline gateway is built from (`--base-ref`); the variant is then the working
   * tree. Implies `compare`.
   */
  baseRef?: string | undefined;
  /**
   * Peer servers measured beside the gateway(s), interleaved, in the scenarios they can serve
   * (`apollo`: Apollo Server 5 + RESTDataSource, bench/apollo/). Empty with `--peers none`.
   */
  peers: string[];
  /** Windows per scenario and server (the order alternates each round). */
  rounds: number;
  /** Extra environment of the (baseline) gateway. */
  baseEnv: Record<string, string>;
  /** Extra environment of the variant gateway, on top of `baseEnv`. */
  variantEnv: Record<string, string>;
  /** Extra `node` flags of the (baseline) gateway, e.g. `--cpu-prof`. */
  baseNodeArgs: string[];
  /** Extra `node` flags of the variant gateway, after `baseNodeArgs`. */
  variantNodeArgs: string[];
  /** Also write a dated copy of the results, meant to be committed. */
  save: boolean;
  /** Free text recorded with the results (machine, commit, what changed). */
  label: string;
}

const USAGE = `Usage: npm run bench -- [options]

  --duration <s>     measured seconds per scenario        (BENCH_DURATION, 10)
  --warmup <s>       warm-up seconds before each window   (BENCH_WARMUP, 2)
  --connections <n>  concurrent connections               (BENCH_CONNECTIONS, 50)
  --scenarios <ids>  comma-separated, run in this order   (BENCH_SCENARIOS, 1,2,3,5,4,rest,console)
  --users <n>        console workload: distinct tokens     (BENCH_CONSOLE_USERS, 100)
  --steps <ids>      console workload: steps to measure, e.g. open,next1,next2,refresh
                     (BENCH_CONSOLE_STEPS, all six)
  --arrival <n>      console workload as an open loop: users arriving per second,
                     each running the six steps in turn (BENCH_CONSOLE_ARRIVAL)
  --compare          baseline vs variant gateway, interleaved (BENCH_COMPARE=1)
  --base-ref <rev>   compare: baseline built from this git revision, variant from
                     the working tree                     (BENCH_BASE_REF)
  --peers <names>    peers beside the gateway: apollo, or none (BENCH_PEERS, apollo)
  --rounds <n>       windows per scenario and server      (BENCH_ROUNDS, 3 with a peer
                     or --compare, else 1)
  --save             also write bench/results/<date>-<time>.{md,json}
  --label <text>     note stored with the results         (BENCH_LABEL)

  BENCH_GATEWAY_ENV='{"LOG_LEVEL":"warn"}'  extra env of the (baseline) gateway
  BENCH_VARIANT_ENV='{"X":"1"}'             extra env of the variant gateway (--compare)
  BENCH_NODE_ARGS='--cpu-prof'              extra node flags of the (baseline) gateway
  BENCH_VARIANT_NODE_ARGS='--jitless'       extra node flags of the variant gateway
`;

function jsonEnv(name: string): Record<string, string> {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${name} must be a JSON object of strings, e.g. '{"LOG_LEVEL":"warn"}'`);
  }
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
}

const KNOWN_PEERS = ['apollo'];

const words = (value: string | undefined) => (value ?? '').split(/\s+/).filter((w) => w !== '');

function number(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!(parsed >= min)) throw new Error(`${name} must be a number ≥ ${min} (got "${value}")`);
  return parsed;
}

export function readOptions(argv = process.argv.slice(2), env = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      scenarios: { type: 'string' },
      users: { type: 'string' },
      steps: { type: 'string' },
      arrival: { type: 'string' },
      compare: { type: 'boolean' },
      'base-ref': { type: 'string' },
      peers: { type: 'string' },
      rounds: { type: 'string' },
      save: { type: 'boolean' },
      label: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const baseRef = values['base-ref'] ?? (env.BENCH_BASE_REF || undefined);
  const compare = (values.compare ?? env.BENCH_COMPARE === '1') || baseRef !== undefined;
  const peers = (values.peers ?? env.BENCH_PEERS ?? 'apollo')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'none');
  for (const peer of peers) {
    if (!KNOWN_PEERS.includes(peer)) {
      throw new Error(`unknown peer "${peer}" (known: ${KNOWN_PEERS.join(', ')}, none)`);
    }
  }
  const options: BenchOptions = {
    duration: number('duration', values.duration ?? env.BENCH_DURATION, 10),
    warmup: number('warmup', values.warmup ?? env.BENCH_WARMUP, 2, 0),
    connections: Math.round(number('connections', values.connections ?? env.BENCH_CONNECTIONS, 50)),
    scenarios: (values.scenarios ?? env.BENCH_SCENARIOS ?? '1,2,3,5,4,rest,console')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
    consoleUsers: Math.round(number('users', values.users ?? env.BENCH_CONSOLE_USERS, 100)),
    consoleSteps: (
      values.steps ??
      env.BENCH_CONSOLE_STEPS ??
      CONSOLE_STEPS.map((step) => step.id).join(',')
    )
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
    consoleArrival:
      (values.arrival ?? env.BENCH_CONSOLE_ARRIVAL)
        ? number('arrival', values.arrival ?? env.BENCH_CONSOLE_ARRIVAL, 1, 0.01)
        : undefined,
    compare,
    baseRef,
    peers,
    rounds: Math.round(
      number('rounds', values.rounds ?? env.BENCH_ROUNDS, compare || peers.length > 0 ? 3 : 1),
    ),
    baseEnv: jsonEnv('BENCH_GATEWAY_ENV'),
    variantEnv: jsonEnv('BENCH_VARIANT_ENV'),
    baseNodeArgs: words(env.BENCH_NODE_ARGS),
    variantNodeArgs: words(env.BENCH_VARIANT_NODE_ARGS),
    save: values.save ?? false,
    label: values.label ?? env.BENCH_LABEL ?? '',
  };
  const stepIds: readonly string[] = CONSOLE_STEPS.map((step) => step.id);
  for (const step of options.consoleSteps) {
    if (!stepIds.includes(step)) {
      throw new Error(`unknown console step "${step}" (known: ${stepIds.join(', ')})`);
    }
  }
  const variantDiffers =
    baseRef !== undefined ||
    Object.keys(options.variantEnv).length + options.variantNodeArgs.length > 0;
  if (compare && !variantDiffers) {
    throw new Error(
      `--compare needs --base-ref, BENCH_VARIANT_ENV or BENCH_VARIANT_NODE_ARGS\n\n${USAGE}`,
    );
  }
  return options;
}
