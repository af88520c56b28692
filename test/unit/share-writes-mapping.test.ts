import { describe, expect, it } from 'vitest';
import { toGraphQLError } from '../../src/errors/to-graphql-error.js';
import { UpstreamError, type UpstreamErrorInit } from '../../src/errors/upstream-error.js';
import { parseShareKey, shareKeyText } from '../../src/loaders/keys.js';
import { deadlineOf } from '../../src/loaders/share-writes.js';
import { futureInstant, shareAccountName, shareDescription } from '../../src/schema/names.js';

const extensionsOf = (init: UpstreamErrorInit, write: boolean) => {
  const error = toGraphQLError(new UpstreamError(init), { route: 'POST x', write });
  return (error as { extensions?: Record<string, unknown> }).extensions;
};

describe('mapping SWR answers of share writes', () => {
  it.each<[string, UpstreamErrorInit, string]>([
    [
      '409 already shared',
      { kind: 'http', status: 409, errorCode: 'SVCSTG.SWR.4090089' },
      'CONFLICT',
    ],
    [
      '409 permission exists',
      { kind: 'http', status: 409, errorCode: 'SVCSTG.SWR.4090076' },
      'CONFLICT',
    ],
    ['409 without a code', { kind: 'http', status: 409 }, 'CONFLICT'],
    [
      '409 system busy',
      { kind: 'http', status: 409, errorCode: 'SVCSTG.SWR.4090023' },
      'UPSTREAM_UNAVAILABLE',
    ],
    [
      '400 missing share',
      { kind: 'http', status: 400, errorCode: 'SVCSTG.SWR.4001090' },
      'NOT_FOUND',
    ],
    [
      '404 missing repository',
      { kind: 'http', status: 404, errorCode: 'SVCSTG.SWR.4040010' },
      'NOT_FOUND',
    ],
    [
      '403 not the owner',
      { kind: 'http', status: 403, errorCode: 'SVCSTG.SWR.4039001' },
      'FORBIDDEN',
    ],
    [
      '403 throttled',
      { kind: 'http', status: 403, errorCode: 'SVCSTG.SWR.4031032' },
      'RATE_LIMITED',
    ],
    [
      '413 description',
      { kind: 'http', status: 413, errorCode: 'SVCSTG.SWR.4131012' },
      'BAD_USER_INPUT',
    ],
  ])('maps %s to its code and keeps extensions.upstream', (_what, init, code) => {
    const extensions = extensionsOf(init, true);
    expect(extensions?.code).toBe(code);
    expect(extensions?.upstream).toMatchObject({ status: init.status });
    expect(extensions).not.toHaveProperty('outcome');
  });

  it.each<[string, UpstreamErrorInit, boolean]>([
    ['a timeout', { kind: 'timeout' }, true],
    ['an abort', { kind: 'aborted' }, true],
    ['a reset connection', { kind: 'network', networkCode: 'ECONNRESET' }, true],
    ['a broken body', { kind: 'network', status: 201 }, true],
    ['a 504 from a proxy', { kind: 'http', status: 504 }, true],
    ['a refused connection', { kind: 'network', networkCode: 'ECONNREFUSED' }, false],
    ['an unknown host', { kind: 'network', networkCode: 'ENOTFOUND' }, false],
    ['an open circuit', { kind: 'circuit-open' }, false],
    ['a 500', { kind: 'http', status: 500 }, false],
  ])('after %s, a write has outcome UNKNOWN: %s', (_what, init, unknown) => {
    const extensions = extensionsOf(init, true);
    expect(extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(extensions?.outcome).toBe(unknown ? 'UNKNOWN' : undefined);
    expect(extensionsOf(init, false)).not.toHaveProperty('outcome');
  });
});

describe('share keys and terms', () => {
  it('round-trips a share key, even with "/", ":" and "@" in the repository name', () => {
    const key = { namespace: 'team-a', name: 'base/os:v1@x', account: 'bob' };
    expect(parseShareKey(shareKeyText(key))).toEqual(key);
  });

  it.each(['', 'team/x', '[]', '["a","b"]', '["a","b",""]', '["a","b",3]', '{}'])(
    'refuses %j as a share key',
    (text) => {
      expect(parseShareKey(text)).toBeNull();
    },
  );

  it("writes SWR's deadline: its UTC form with milliseconds, or forever", () => {
    expect(deadlineOf(null)).toBe('forever');
    expect(deadlineOf(new Date('2027-01-02T03:04:05Z'))).toBe('2027-01-02T03:04:05.000Z');
  });
});

describe('share input rules', () => {
  it.each(['bob', 'nimbus-labs-3fa2c1', 'Team.Account_1', 'b'.repeat(64)])(
    'accepts the account %s',
    (name) => {
      expect(shareAccountName.safeParse(name).success).toBe(true);
    },
  );

  it.each(['', ' ', 'bob smith', 'bob\t', 'bob\n', 'bob\u0000', 'bob\u200b', 'b'.repeat(65)])(
    'refuses the account %j',
    (name) => {
      expect(shareAccountName.safeParse(name).success).toBe(false);
    },
  );

  it('counts the description in code points: 1024 emoji pass, 1025 characters do not', () => {
    expect(shareDescription.safeParse('😀'.repeat(1024)).success).toBe(true);
    expect(shareDescription.safeParse('a'.repeat(1024)).success).toBe(true);
    expect(shareDescription.safeParse('a'.repeat(1025)).success).toBe(false);
  });

  it('accepts only an expiry in the future', () => {
    expect(futureInstant.safeParse(new Date(Date.now() + 60_000)).success).toBe(true);
    expect(futureInstant.safeParse(new Date(Date.now() - 60_000)).success).toBe(false);
  });
});
