import { describe, expect, it } from 'vitest';
import { UpstreamError, type UpstreamErrorInit } from '../../src/errors/upstream-error.js';
import { isHealthFailure, isRetryable } from '../../src/swr/resilience/failure-class.js';
import {
  backoffDelay,
  isDeduplicatedMethod,
  isRetriableMethod,
  parseRetryAfter,
  retryPolicyOf,
} from '../../src/swr/resilience/retry-policy.js';

const policy = retryPolicyOf({ swrRetries: 2, swrRetryBudget: 10 });
const failure = (init: UpstreamErrorInit) => new UpstreamError(init);

describe('backoff', () => {
  it('waits a random part of a ceiling that doubles from 100 ms up to 2 s (full jitter)', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((retry) => backoffDelay(retry, policy, () => 0.5));
    expect(ceilings).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(1, policy, () => 0)).toBe(0);
    expect(backoffDelay(1, policy, () => 0.999_999)).toBe(99);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    for (const header of [undefined, '', '-1', '1.5', 'soon', '12abc']) {
      expect(parseRetryAfter(header, now), String(header)).toBeUndefined();
    }
  });
});

describe('what is retried', () => {
  it('retries the idempotent methods (GET, PATCH, DELETE), never a POST', () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      expect(isRetriableMethod(method)).toBe(true);
    }
    expect(isRetriableMethod('POST')).toBe(false);
  });

  it('shares GETs in flight only', () => {
    expect(isDeduplicatedMethod('GET')).toBe(true);
    for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
      expect(isDeduplicatedMethod(method)).toBe(false);
    }
  });

  it.each<[string, UpstreamErrorInit, boolean]>([
    ['network', { kind: 'network', networkCode: 'ECONNRESET' }, true],
    ['truncated body', { kind: 'network', status: 200 }, true],
    ['timeout', { kind: 'timeout' }, true],
    ['500', { kind: 'http', status: 500 }, true],
    ['503', { kind: 'http', status: 503 }, true],
    ['429', { kind: 'http', status: 429, errorCode: 'APIG.0308' }, true],
    ['409 busy', { kind: 'http', status: 409, errorCode: 'SVCSTG.SWR.4090023' }, true],
    ['409 exists', { kind: 'http', status: 409, errorCode: 'SVCSTG.SWR.4090006' }, false],
    ['400', { kind: 'http', status: 400 }, false],
    ['401', { kind: 'http', status: 401 }, false],
    ['403', { kind: 'http', status: 403 }, false],
    ['403 throttled', { kind: 'http', status: 403, errorCode: 'SVCSTG.SWR.4031042' }, false],
    ['404', { kind: 'http', status: 404 }, false],
    ['bad response', { kind: 'bad-response', status: 200 }, false],
    ['aborted', { kind: 'aborted' }, false],
    ['circuit open', { kind: 'circuit-open' }, false],
  ])('%s: retryable %s', (_label, init, expected) => {
    expect(isRetryable(failure(init))).toBe(expected);
  });
});

describe('what the breaker counts', () => {
  it.each<[string, UpstreamErrorInit, boolean]>([
    ['network', { kind: 'network' }, true],
    ['timeout', { kind: 'timeout' }, true],
    ['500', { kind: 'http', status: 500 }, true],
    ['507', { kind: 'http', status: 507 }, true],
    ['409 busy', { kind: 'http', status: 409, errorCode: 'SVCSTG.SWR.4090023' }, true],
    ['429', { kind: 'http', status: 429 }, false],
    ['401', { kind: 'http', status: 401 }, false],
    ['404', { kind: 'http', status: 404 }, false],
    ['bad response', { kind: 'bad-response', status: 200 }, false],
    ['aborted', { kind: 'aborted' }, false],
  ])('%s: counted %s', (_label, init, expected) => {
    expect(isHealthFailure(failure(init))).toBe(expected);
  });
});
