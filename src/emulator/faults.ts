import type { EmulatorRoute } from './routes.js';

/** What a fault sees of a call when deciding whether it applies. */
export interface FaultTarget {
  readonly route: EmulatorRoute | 'unknown';
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly token: string | null;
}

/**
 * A misbehaviour to inject. The match fields that are given must all match; with none, the fault
 * applies to every authenticated call, writes included. Faults are checked after authentication
 * and throttling. To fail the first N attempts of a write, give its `route` (or `method`), a
 * `response` (or `kind: 'reset'`) and `times: N`.
 */
export interface Fault {
  /** Only calls of this route. */
  route?: EmulatorRoute;
  /** Only calls with this HTTP method (case-insensitive). */
  method?: string;
  /** Only calls to this exact path, or whose path matches this expression. */
  path?: string | RegExp;
  /** Only calls for which this returns true. */
  match?: (call: FaultTarget) => boolean;
  /**
   * How many matching calls the fault affects before it removes itself.
   * @default unlimited
   */
  times?: number;
  /** Waits this long (with `setTimeout`) before answering. Alone, it only delays the normal answer. */
  delayMs?: number;
  /** Answers with this instead of the normal response. An object body is sent as JSON, a string as is. */
  response?: { status: number; body?: unknown; headers?: Record<string, string> };
  /**
   * `malformed-json`: 200 with a JSON content type and a body that is not JSON.
   * `reset`: the connection drops without an answer (in-process: `TypeError('fetch failed')`).
   * `truncate`: 200 with a Content-Length larger than the body, cut mid-way.
   * Takes precedence over `response`.
   */
  kind?: 'malformed-json' | 'reset' | 'truncate';
  /**
   * Handle the call first (a write takes effect), then misbehave: with `kind: 'reset'` the write
   * is applied and the connection drops; with `delayMs` the answer comes late (a client timeout
   * after the write); with `response` the real answer is replaced. This is how a test makes the
   * outcome of a write unknown to the client.
   * @default false: the fault acts before the call is handled, which then never happens when the
   * fault answers or drops the connection
   */
  afterApply?: boolean;
}

/** Injects faults into an emulator. The first matching fault, in injection order, applies. */
export interface FaultController {
  /** Adds a fault; `remove` takes it away again. */
  inject(fault: Fault): { remove(): void };
  /** Removes every fault. */
  clear(): void;
}

/** The emulator's side of the controller. */
export interface FaultRegistry extends FaultController {
  /** The fault that applies to this call, if any, counting it against `times`. */
  take(target: FaultTarget): Fault | undefined;
}

interface ActiveFault {
  readonly fault: Fault;
  remaining: number;
}

function matches(fault: Fault, target: FaultTarget): boolean {
  if (fault.route !== undefined && fault.route !== target.route) return false;
  if (fault.method !== undefined && fault.method.toUpperCase() !== target.method) return false;
  if (typeof fault.path === 'string' && fault.path !== target.path) return false;
  if (fault.path instanceof RegExp && !fault.path.test(target.path)) return false;
  return fault.match === undefined || fault.match(target);
}

export function createFaultRegistry(): FaultRegistry {
  let active: ActiveFault[] = [];
  const remove = (entry: ActiveFault) => {
    active = active.filter((candidate) => candidate !== entry);
  };
  return {
    inject(fault) {
      const entry: ActiveFault = { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY };
      if (entry.remaining > 0) active.push(entry);
      return { remove: () => remove(entry) };
    },
    clear() {
      active = [];
    },
    take(target) {
      if (active.length === 0) return undefined;
      const entry = active.find((candidate) => matches(candidate.fault, target));
      if (entry === undefined) return undefined;
      entry.remaining--;
      if (entry.remaining <= 0) remove(entry);
      return entry.fault;
    },
  };
}
