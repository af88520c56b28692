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
import { cpuMs } from './proc.js';
import type { EmulatorProcess } from './processes.js';

/**
 * The console workload in an open loop (`--arrival`): users arrive at a fixed rate, whatever the
 * gateway's speed, and each runs the six steps one after the other, as a person would. Unlike the
 * closed loop, a faster gateway does not get more work: what the cache saves shows as less
 * queueing at the same offered load.
 */

/** A gateway of the open loop, with the users it serves. */
export interface OpenLoopWay {
  id: string;
  origin: string;
  pid: number;
  users: UserState[];
}

/** Figures of one way in the open loop. */
export interface OpenLoopFigures {
  way: string;
  journeys: number;
  failedViews: number;
  cpuMsPerJourney: number;
  swrCallsPerJourney: number;
  /** p99 of each step's views. */
  stepP99Ms: Record<StepId, number>;
  /** Every view's latency, in ms. */
  latencies: number[];
}

/** Slices each way's users run in, the ways' order rotating from slice to slice. */
const SLICES = 3;

export async function runOpenLoop(
  ways: OpenLoopWay[],
  arrivalPerSecond: number,
  emulator: EmulatorProcess,
): Promise<OpenLoopFigures[]> {
  const figures = new Map<string, OpenLoopFigures>();
  const stepLatencies = new Map<string, Map<StepId, number[]>>();
  for (const way of ways) {
    figures.set(way.id, {
      way: way.id,
      journeys: 0,
      failedViews: 0,
      cpuMsPerJourney: 0,
      swrCallsPerJourney: 0,
      stepP99Ms: {} as Record<StepId, number>,
      latencies: [],
    });
    stepLatencies.set(way.id, new Map(CONSOLE_STEPS.map((step) => [step.id, []])));
  }
  const cpu = new Map<string, number>();
  const calls = new Map<string, number>();
  for (let slice = 0; slice < SLICES; slice++) {
    for (const way of rotate(ways, slice)) {
      const users = way.users.filter((_, index) => index % SLICES === slice);
      const prefix = `console-open-${wayTag(way.id)}-`;
      await emulator.takeCalls();
      const cpuBefore = cpuMs(way.pid);
      const started = performance.now();
      const journeys = users.map(async (user, index) => {
        const due = started + (index * 1000) / arrivalPerSecond;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        for (const step of CONSOLE_STEPS) {
          const viewStarted = performance.now();
          const ok = await viewOnce(
            way.origin,
            user,
            step.id,
            `${prefix}${step.id}-${index}`,
          ).catch(() => false);
          const latency = performance.now() - viewStarted;
          stepLatencies.get(way.id)?.get(step.id)?.push(latency);
          const wayFigures = figures.get(way.id) as OpenLoopFigures;
          wayFigures.latencies.push(latency);
          if (!ok) wayFigures.failedViews++;
        }
      });
      await Promise.all(journeys);
      cpu.set(way.id, (cpu.get(way.id) ?? 0) + cpuMs(way.pid) - cpuBefore);
      const swrCalls = await takeSwrCalls(emulator, prefix);
      calls.set(way.id, (calls.get(way.id) ?? 0) + swrCalls);
      (figures.get(way.id) as OpenLoopFigures).journeys += users.length;
    }
  }
  for (const wayFigures of figures.values()) {
    const journeys = Math.max(1, wayFigures.journeys);
    wayFigures.cpuMsPerJourney = (cpu.get(wayFigures.way) ?? 0) / journeys;
    wayFigures.swrCallsPerJourney = (calls.get(wayFigures.way) ?? 0) / journeys;
    for (const step of CONSOLE_STEPS) {
      wayFigures.stepP99Ms[step.id] = percentile(
        stepLatencies.get(wayFigures.way)?.get(step.id) ?? [],
        0.99,
      );
    }
  }
  return [...figures.values()];
}

/** The open loop's table: per way, CPU and SWR calls per journey, p99 per step. */
export function renderOpenLoopMarkdown(
  arrivalPerSecond: number,
  loop: OpenLoopFigures[],
): string[] {
  const lines = [
    `### Open loop: ${arrivalPerSecond} users/s arriving, each running the six steps in turn`,
    '',
    `| cache | journeys | failed views | CPU ms/journey | SWR calls/journey | ${CONSOLE_STEPS.map((step) => `${step.id} p99 ms`).join(' | ')} |`,
    `|---|--:|--:|--:|--:|${CONSOLE_STEPS.map(() => '--:').join('|')}|`,
  ];
  for (const f of loop) {
    lines.push(
      `| ${f.way} | ${f.journeys} | ${f.failedViews} | ${f.cpuMsPerJourney.toFixed(1)} | ${f.swrCallsPerJourney.toFixed(1)} | ${CONSOLE_STEPS.map((step) => f.stepP99Ms[step.id].toFixed(0)).join(' | ')} |`,
    );
  }
  return lines;
}
