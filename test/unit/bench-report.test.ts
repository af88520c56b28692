import { describe, expect, it } from 'vitest';
import { readOptions } from '../../bench/options.js';
import { checkTargets, roundRatios, type Window } from '../../bench/report.js';

function window(server: string, round: number, figures: Partial<Window> = {}): Window {
  return {
    scenario: '1',
    server,
    round,
    requests: 1000,
    seconds: 10,
    requestsPerSecond: 100,
    p50Ms: 10,
    p99Ms: 50,
    maxMs: 80,
    non2xx: 0,
    errors: 0,
    graphqlErrors: 0,
    errorCodes: {},
    cpuMs: 1000,
    peakRssMb: 100,
    rssMethod: 'VmHWM',
    upstreamCalls: 1000,
    ...figures,
  };
}

describe('bench report: ratios to a peer', () => {
  it('pairs windows of the same round and takes the median of the per-round ratios', () => {
    const windows = [
      window('baseline', 1, { cpuMs: 900, requestsPerSecond: 120, p99Ms: 40, peakRssMb: 150 }),
      window('apollo', 1),
      window('baseline', 2, { cpuMs: 2000, requestsPerSecond: 50 }),
      // Round 2 ran on a slow spell for both: the ratio, not the level, is what counts.
      window('apollo', 2, { cpuMs: 2500, requestsPerSecond: 40 }),
      window('baseline', 3, { cpuMs: 700 }),
      window('apollo', 3),
    ];
    const [ratios] = roundRatios(windows, 'baseline', 'apollo');
    expect(ratios?.rounds).toBe(3);
    expect(ratios?.median.cpu).toBeCloseTo(0.8); // 0.9, 0.8, 0.7
    expect(ratios?.min.cpu).toBeCloseTo(0.7);
    expect(ratios?.max.cpu).toBeCloseTo(0.9);
    expect(ratios?.median.rps).toBeCloseTo(1.2); // 1.2, 1.25, 1
    expect(ratios?.median.p99).toBeCloseTo(1);
    expect(ratios?.median.rss).toBeCloseTo(1);
  });

  it('takes the mean of the middle two with an even number of rounds', () => {
    const windows = [1, 2, 3, 4].flatMap((round) => [
      window('baseline', round, { cpuMs: 500 + 100 * round }),
      window('apollo', round),
    ]);
    expect(roundRatios(windows, 'baseline', 'apollo')[0]?.median.cpu).toBeCloseTo(0.75);
  });

  it('checks the targets relative to Apollo from the medians', () => {
    const windows = [1, 2, 3].flatMap((round) => [
      window('baseline', round, { cpuMs: 800, requestsPerSecond: 125, p99Ms: 55, peakRssMb: 120 }),
      window('apollo', round),
    ]);
    const checks = checkTargets(
      [],
      undefined,
      'baseline',
      roundRatios(windows, 'baseline', 'apollo'),
    );
    expect(checks.map((c) => [c.target, c.pass])).toEqual([
      ['scenario 1: CPU/request ≤ 0.85× Apollo', true],
      ['scenario 1: req/s ≥ 1.2× Apollo', true],
      ['scenario 1: p99 ≤ Apollo', false],
      ['scenario 1: peak RSS ≤ 1.25× Apollo', true],
    ]);
  });
});

describe('bench options: peers', () => {
  it('runs Apollo beside the gateway, 3 rounds, unless told otherwise', () => {
    expect(readOptions([], {})).toMatchObject({ peers: ['apollo'], rounds: 3 });
    expect(readOptions(['--peers', 'none'], {})).toMatchObject({ peers: [], rounds: 1 });
    expect(() => readOptions(['--peers', 'hasura'], {})).toThrow(/unknown peer "hasura"/);
  });
});
