import ky from 'ky';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpstreamError } from '../../src/errors/upstream-error.js';
import type { UpstreamCallEvent } from '../../src/swr/observer.js';
import type { UpstreamRequest } from '../../src/swr/resilience/attempt.js';
import { type SwrClock, systemClock } from '../../src/swr/resilience/clock.js';
import type { HttpMethod } from '../../src/swr/resilience/retry-policy.js';
import { SwrSession, type SwrSessionOptions } from '../../src/swr/resilience/session.js';
import { createSwrUpstream, type SwrUpstreamSettings } from '../../src/swr/upstream.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const START = Date.parse('2025-01-01T00:00:00Z');

/** A clock whose `sleep` records the wait and returns at once, moving `now` forward. */
function testClock(random = 0.5) {
  let time = START;
  const sleeps: number[] = [];
  const clock: SwrClock = {
    now: () => time,
    random: () => random,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      time += ms;
    },
  };
  return { clock, sleeps };
}

type Handler = (request: Request) => Response | Promise<Response>;

/** An upstream over a scripted fetch; `requests` records every attempt that reached "SWR". */
function setup(
  handler: Handler,
  settings: Partial<SwrUpstreamSettings> = {},
  clock: SwrClock = testClock().clock,
) {
  const requests: Request[] = [];
  const upstream = createSwrUpstream(
    { ...TEST_SETTINGS, swrEndpoint: 'https://swr.test', ...settings },
    async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return handler(request);
    },
    { clock },
  );
  const events: UpstreamCallEvent[] = [];
  const session = (options: Partial<SwrSessionOptions> = {}) =>
    new SwrSession(upstream, {
      requestId: 'req-1',
      onCall: (event) => events.push(event),
      ...options,
    });
  return { upstream, requests, events, session };
}

function call(path = 'v2/manage/namespaces', method: HttpMethod = 'GET'): UpstreamRequest<unknown> {
  return {
    route: 'listNamespaces',
    method,
    path,
    search: '',
    headers: { 'X-Auth-Token': 'token' },
    decode: (body) => body,
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

/** Answers with each response in turn, then with the last one forever. */
function script(...responses: Array<() => Response>): Handler {
  let index = 0;
  return () => (responses[Math.min(index++, responses.length - 1)] as () => Response)();
}

const ok = () => json({ namespaces: [] });
const unavailable = () => json([{ errorCode: 'SVCSTG.SWR.5000001' }], 503);

async function failureOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('retries', () => {
  it('retries a 503 after a jittered backoff and reports every attempt', async () => {
    const { clock, sleeps } = testClock(0.5);
    const { requests, events, session } = setup(script(unavailable, ok), {}, clock);
    await expect(session().run(call())).resolves.toEqual({ namespaces: [] });
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([50]);
    expect(events.map(({ attempt, outcome, status }) => ({ attempt, outcome, status }))).toEqual([
      { attempt: 1, outcome: 'http-error', status: 503 },
      { attempt: 2, outcome: 'ok', status: 200 },
    ]);
    expect(events[0]).toMatchObject({ route: 'listNamespaces', method: 'GET', requestId: 'req-1' });
    expect(events[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('stops after `swrRetries` retries with the last failure', async () => {
    const { clock, sleeps } = testClock(0.5);
    const { requests, session } = setup(unavailable, { swrRetries: 3 }, clock);
    const error = await failureOf(session().run(call()));
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(requests).toHaveLength(4);
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('does not retry at all with `swrRetries: 0`', async () => {
    const { requests, session } = setup(unavailable, { swrRetries: 0 });
    await failureOf(session().run(call()));
    expect(requests).toHaveLength(1);
  });

  it('never retries a POST, nor shares one in flight', async () => {
    for (const method of ['POST'] as const) {
      const { requests, events, session } = setup(unavailable);
      const swr = session();
      const both = [
        swr.run(call('v2/manage/namespaces', method)),
        swr.run(call('v2/manage/namespaces', method)),
      ];
      for (const pending of both) await failureOf(pending);
      expect(requests.map((request) => request.method)).toEqual([method, method]);
      expect(events.map((event) => event.attempt)).toEqual([1, 1]);
    }
  });

  it('retries a PATCH or DELETE, but never shares one in flight', async () => {
    for (const method of ['PATCH', 'DELETE'] as const) {
      const { requests, session } = setup(script(unavailable, unavailable, ok), {
        swrRetries: 1,
      });
      const swr = session();
      const both = await Promise.allSettled([
        swr.run(call('v2/manage/namespaces', method)),
        swr.run(call('v2/manage/namespaces', method)),
      ]);
      expect(both.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(requests.map((request) => request.method)).toEqual([method, method, method, method]);
    }
  });

  it('turns the failure of a retry into success when the request recovers it', async () => {
    const gone = () => json({ errorCode: 'SVCSTG.SWR.4001090' }, 400);
    const { requests, session } = setup(script(unavailable, gone));
    const recovering: UpstreamRequest<unknown> = {
      ...call('v2/manage/namespaces', 'DELETE'),
      recoverOnRetry: (error) =>
        error.errorCode === 'SVCSTG.SWR.4001090' ? { value: 'gone' } : undefined,
    };
    await expect(session().run(recovering)).resolves.toBe('gone');
    expect(requests).toHaveLength(2);
    const first = setup(gone);
    await failureOf(first.session().run(recovering));
    expect(first.requests).toHaveLength(1);
  });

  it('waits as long as Retry-After says, in seconds or as a date', async () => {
    for (const header of ['3', 'Wed, 01 Jan 2025 00:00:03 GMT']) {
      const { clock, sleeps } = testClock();
      const throttled = () => json({ error_code: 'APIG.0308' }, 429, { 'Retry-After': header });
      const { requests, session } = setup(script(throttled, ok), {}, clock);
      await session().run(call());
      expect(requests).toHaveLength(2);
      expect(sleeps).toEqual([3000]);
    }
  });

  it('gives up at once on a Retry-After above 10 s or beyond the request deadline', async () => {
    for (const [header, requestTimeoutMs] of [
      ['11', 60_000],
      ['3', 2000],
    ] as const) {
      const { clock, sleeps } = testClock();
      const busy = () => json({}, 503, { 'Retry-After': header });
      const { requests, session } = setup(busy, { requestTimeoutMs }, clock);
      await failureOf(session().run(call()));
      expect(requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  });

  it('spends at most `swrRetryBudget` retries over all the calls of a request', async () => {
    const { requests, session } = setup(unavailable, {
      swrRetries: 2,
      swrRetryBudget: 3,
      swrBreakerThreshold: 100,
    });
    const swr = session();
    const calls = [1, 2, 3, 4, 5].map((n) => swr.run(call(`v2/manage/namespaces/ns${n}`)));
    for (const pending of calls) await failureOf(pending);
    expect(requests).toHaveLength(5 + 3);
  });

  it('gives each request its own budget', async () => {
    const { requests, session } = setup(unavailable, { swrRetries: 1, swrRetryBudget: 1 });
    await failureOf(session().run(call()));
    await failureOf(session().run(call()));
    expect(requests).toHaveLength(4);
  });

  it('does not retry a call the caller cancelled', async () => {
    const controller = new AbortController();
    const { requests, events, session } = setup(
      (request) =>
        new Promise((_resolve, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
          controller.abort();
        }),
    );
    const error = await failureOf(session({ signal: controller.signal }).run(call()));
    expect(error.kind).toBe('aborted');
    expect(requests).toHaveLength(1);
    expect(events.map((event) => event.outcome)).toEqual(['aborted']);
  });

  it('keeps going when the observer throws', async () => {
    const { session } = setup(script(unavailable, ok));
    const swr = session({
      onCall: () => {
        throw new Error('observer bug');
      },
    });
    await expect(swr.run(call())).resolves.toEqual({ namespaces: [] });
  });
});

describe('deduplication', () => {
  it('sends identical concurrent GETs once and shares the result', async () => {
    const { requests, session } = setup(ok);
    const swr = session();
    const [a, b] = await Promise.all([swr.run(call()), swr.run(call())]);
    expect(requests).toHaveLength(1);
    expect(a).toBe(b);
    await swr.run(call());
    expect(requests).toHaveLength(2);
  });

  it('shares a failure too, and keeps different URLs apart', async () => {
    const { requests, session } = setup(unavailable, { swrRetries: 0 });
    const swr = session();
    const calls = [call(), call(), call('v2/manage/namespaces/other')].map((c) => swr.run(c));
    for (const pending of calls) await failureOf(pending);
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/v2/manage/namespaces',
      '/v2/manage/namespaces/other',
    ]);
  });

  it('shares nothing between requests', async () => {
    const { requests, session } = setup(ok);
    await Promise.all([session().run(call()), session().run(call())]);
    expect(requests).toHaveLength(2);
  });
});

describe('concurrency cap', () => {
  it('keeps at most `swrMaxConcurrency` attempts in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { requests, session } = setup(
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return ok();
      },
      { swrMaxConcurrency: 3 },
    );
    const swr = session();
    await Promise.all(Array.from({ length: 12 }, (_, n) => swr.run(call(`v2/x/${n}`))));
    expect(requests).toHaveLength(12);
    expect(most).toBe(3);
  });

  it('frees the slot while a call waits to retry', async () => {
    let wake: () => void = () => {};
    const clock: SwrClock = {
      now: () => START,
      random: () => 0.5,
      sleep: () => new Promise<void>((resolve) => (wake = resolve)),
    };
    const seen: string[] = [];
    const { session } = setup(
      (request) => {
        const path = new URL(request.url).pathname;
        seen.push(path);
        return path === '/a' && seen.length === 1 ? unavailable() : ok();
      },
      { swrMaxConcurrency: 1 },
      clock,
    );
    const swr = session();
    const a = swr.run(call('a'));
    await vi.waitFor(() => expect(seen).toEqual(['/a']));
    // `a` now sleeps before its retry: `b` gets the only slot meanwhile.
    await swr.run(call('b'));
    expect(seen).toEqual(['/a', '/b']);
    wake();
    await a;
    expect(seen).toEqual(['/a', '/b', '/a']);
  });
});

describe('the request deadline', () => {
  /** A fetch that answers only when its signal aborts, with the signal's reason. */
  const hanging: Handler = (request) =>
    new Promise((_resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason));
    });

  it('aborts the calls still running when it passes, as a timeout', async () => {
    vi.useFakeTimers({ now: START });
    const { events, session } = setup(hanging, { requestTimeoutMs: 1000, swrTimeoutMs: 60_000 });
    const pending = failureOf(session().run(call()));
    await vi.advanceTimersByTimeAsync(999);
    expect(events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).kind).toBe('timeout');
    expect(events.map((event) => event.outcome)).toEqual(['aborted']);
  });

  it('counts from the start of the request, not of each call', async () => {
    vi.useFakeTimers({ now: START });
    // Like any fetch, this one refuses a request whose signal has already aborted.
    const honest: Handler = (request) => {
      request.signal.throwIfAborted();
      return ok();
    };
    const { session } = setup(honest, { requestTimeoutMs: 1000 }, systemClock);
    const swr = session();
    await swr.run(call('v2/manage/namespaces/a'));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await failureOf(swr.run(call('v2/manage/namespaces/b')))).kind).toBe('timeout');
  });

  it('leaves no timer behind once the calls are done', async () => {
    vi.useFakeTimers({ now: START });
    const { upstream } = setup(ok, { requestTimeoutMs: 1000 });
    // ky straight over the handler: no per-call time limit, so every timer left is the session's.
    const http = ky.create({
      prefixUrl: 'https://swr.test',
      retry: 0,
      timeout: false,
      fetch: async () => ok(),
    });
    const swr = new SwrSession({ ...upstream, http }, { requestId: 'req-1' });
    await Promise.all([
      swr.run(call('v2/manage/namespaces/a')),
      swr.run(call('v2/manage/namespaces/b')),
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('circuit breaker', () => {
  it('opens after `swrBreakerThreshold` unhealthy attempts and then fails fast', async () => {
    const { upstream, requests, events, session } = setup(unavailable, {
      swrBreakerThreshold: 3,
      swrRetries: 2,
      swrBreakerMinCallers: 1,
    });
    await failureOf(session().run(call()));
    expect(requests).toHaveLength(3);
    expect(upstream.breaker.status.state).toBe('open');
    const error = await failureOf(session().run(call()));
    expect(error.kind).toBe('circuit-open');
    expect(requests).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ outcome: 'circuit-open', status: null, attempt: 1 });
  });

  it('is not opened by answers such as 404, 401 or 429, which also reset the count', async () => {
    const answers = [404, 401, 429, 400, 503, 404, 503].map((status) => () => json({}, status));
    const { upstream, requests, session } = setup(script(...answers), {
      swrBreakerThreshold: 2,
      swrRetries: 0,
    });
    for (let n = 0; n < answers.length; n++) await failureOf(session().run(call()));
    expect(requests).toHaveLength(answers.length);
    expect(upstream.breaker.status.state).toBe('closed');
  });

  it('does not count a cancelled attempt', async () => {
    const controller = new AbortController();
    controller.abort();
    const { upstream, events, session } = setup(
      (request) => {
        request.signal.throwIfAborted();
        return ok();
      },
      { swrBreakerThreshold: 1 },
    );
    await failureOf(session({ signal: controller.signal }).run(call()));
    expect(events.map((event) => event.outcome)).toEqual(['aborted']);
    expect(upstream.breaker.status.state).toBe('closed');
  });

  it('lets one probe through after the cooldown, and closes again when it succeeds', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    let healthy = false;
    const { upstream, requests, session } = setup(() => (healthy ? ok() : unavailable()), {
      swrBreakerThreshold: 2,
      swrBreakerCooldownMs: 10_000,
      swrRetries: 0,
      swrBreakerMinCallers: 1,
    });
    const states: string[] = [];
    upstream.breaker.status.onStateChange((state) => states.push(state));
    await failureOf(session().run(call()));
    await failureOf(session().run(call()));
    expect(states).toEqual(['open']);

    vi.advanceTimersByTime(9_999);
    await failureOf(session().run(call()));
    expect(requests).toHaveLength(2);
    expect(upstream.breaker.status.state).toBe('open');

    vi.advanceTimersByTime(1);
    expect(upstream.breaker.status.state).toBe('half-open');
    // The probe fails: open for another cooldown.
    await failureOf(session().run(call()));
    expect(requests).toHaveLength(3);
    expect(upstream.breaker.status.state).toBe('open');

    healthy = true;
    vi.advanceTimersByTime(10_000);
    await expect(session().run(call())).resolves.toBeDefined();
    expect(requests).toHaveLength(4);
    expect(upstream.breaker.status.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('re-opens when the probe is cancelled, since it proved nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const { upstream, requests, session } = setup(
      (request) => {
        request.signal.throwIfAborted();
        return unavailable();
      },
      {
        swrBreakerThreshold: 1,
        swrBreakerCooldownMs: 1000,
        swrRetries: 0,
        swrBreakerMinCallers: 1,
      },
    );
    await failureOf(session().run(call()));
    vi.advanceTimersByTime(1000);
    const gone = new AbortController();
    gone.abort();
    await failureOf(session({ signal: gone.signal }).run(call()));
    expect(upstream.breaker.status.state).toBe('open');
    expect(requests).toHaveLength(2);
  });

  it('survives a throwing state listener, and unsubscribes', async () => {
    const { upstream, session } = setup(unavailable, {
      swrBreakerThreshold: 1,
      swrRetries: 0,
      swrBreakerMinCallers: 1,
    });
    const seen: string[] = [];
    upstream.breaker.status.onStateChange(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = upstream.breaker.status.onStateChange((state) => seen.push(state));
    unsubscribe();
    await failureOf(session().run(call()));
    expect(upstream.breaker.status.state).toBe('open');
    expect(seen).toEqual([]);
  });
});
