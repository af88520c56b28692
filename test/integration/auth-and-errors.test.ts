import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/emulator.js';
import { SharedImagesDocument } from '../../src/generated/graphql.js';
import { identity } from '../helpers/emulator-list.js';
import { createTestGateway, errorCodes } from '../helpers/gateway.js';

const LIST = { center: 'SELF' as const, first: 5 };

describe('authentication', () => {
  it('refuses a request without a token with UNAUTHENTICATED and no upstream call', async () => {
    const gateway = createTestGateway();
    const result = await gateway.execute(SharedImagesDocument, LIST, { token: null });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data).toBeNull();
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('forwards a Bearer token and an X-Auth-Token alike, as X-Auth-Token', async () => {
    const gateway = createTestGateway();
    await gateway.execute(SharedImagesDocument, LIST, { token: 'tok-bearer' });
    await gateway.execute(SharedImagesDocument, LIST, {
      token: null,
      headers: { 'x-auth-token': 'tok-direct' },
    });
    expect(gateway.emulator.calls.map((call) => call.token)).toEqual(['tok-bearer', 'tok-direct']);
  });

  it('refuses malformed or conflicting credentials before any call', async () => {
    const gateway = createTestGateway();
    const cases: Array<Record<string, string>> = [
      { authorization: 'Basic dXNlcjpwdw==' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer one', 'x-auth-token': 'two' },
    ];
    for (const headers of cases) {
      const result = await gateway.execute(SharedImagesDocument, LIST, { token: null, headers });
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('maps an upstream 401 to UNAUTHENTICATED, in both SWR and API gateway body shapes', async () => {
    for (const authErrorShape of ['swr', 'apig'] as const) {
      const gateway = createTestGateway({ emulator: { authErrorShape } });
      const result = await gateway.execute(SharedImagesDocument, LIST, { token: 'expired' });
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.errors?.[0]?.extensions?.upstream).toMatchObject({
        status: 401,
        errorCode: authErrorShape === 'swr' ? 'SVCSTG.SWR.4010000' : 'APIGW.0301',
      });
    }
  });

  it('serves each token its own account, never another one', async () => {
    const gateway = createTestGateway();
    const alice = await gateway.execute(
      SharedImagesDocument,
      { center: 'SELF', first: 100 },
      { token: 'alice' },
    );
    const bob = await gateway.execute(
      SharedImagesDocument,
      { center: 'SELF', first: 100 },
      { token: 'bob' },
    );
    const aliceIds = new Set(
      alice.data?.sharedRepositories.edges.map((edge) => identity(edge.node)),
    );
    const bobIds = bob.data?.sharedRepositories.edges.map((edge) => identity(edge.node)) ?? [];
    expect(aliceIds.size).toBeGreaterThan(0);
    expect(bobIds.filter((id) => aliceIds.has(id))).toEqual([]);
  });
});

describe('upstream errors', () => {
  const cases: Array<{
    label: string;
    status: number;
    errorCode?: string;
    shape?: EmulatorOptions['errorShape'];
    expected: string;
  }> = [
    { label: '400', status: 400, errorCode: 'SVCSTG.SWR.4001025', expected: 'BAD_USER_INPUT' },
    { label: '400 4001090', status: 400, errorCode: 'SVCSTG.SWR.4001090', expected: 'NOT_FOUND' },
    { label: '403', status: 403, errorCode: 'SVCSTG.SWR.4039002', expected: 'FORBIDDEN' },
    {
      label: '403 4031032',
      status: 403,
      errorCode: 'SVCSTG.SWR.4031032',
      expected: 'RATE_LIMITED',
    },
    {
      label: '403 4031042',
      status: 403,
      errorCode: 'SVCSTG.SWR.4031042',
      expected: 'RATE_LIMITED',
    },
    { label: '404', status: 404, errorCode: 'SVCSTG.SWR.4040083', expected: 'NOT_FOUND' },
    { label: '429', status: 429, errorCode: 'APIG.0308', expected: 'RATE_LIMITED' },
    {
      label: '500',
      status: 500,
      errorCode: 'SVCSTG.SWR.5000008',
      expected: 'UPSTREAM_UNAVAILABLE',
    },
    { label: '503 without body', status: 503, expected: 'UPSTREAM_UNAVAILABLE' },
  ];

  for (const { label, status, errorCode, expected } of cases) {
    for (const shape of ['array', 'object', 'errors', 'apig'] as const) {
      it(`maps ${label} in the ${shape} body shape to ${expected}`, async () => {
        const gateway = createTestGateway();
        const requestId = 'req-abc-123';
        const body = errorCode === undefined ? '' : bodyOf(shape, errorCode, requestId);
        gateway.emulator.faults.inject({
          route: 'listSharedRepositories',
          response: { status, body, headers: { 'X-Request-Id': requestId } },
        });
        const result = await gateway.execute(SharedImagesDocument, LIST);
        expect(errorCodes(result)).toEqual([expected]);
        const upstream = result.errors?.[0]?.extensions?.upstream;
        expect(upstream).toMatchObject({ status, requestId });
        if (errorCode) expect(upstream).toMatchObject({ errorCode });
        expect(result.errors?.[0]?.path).toEqual(['sharedRepositories']);
      });
    }
  }

  it('maps a body that is not JSON to UPSTREAM_BAD_RESPONSE', async () => {
    const gateway = createTestGateway();
    gateway.emulator.faults.inject({ route: 'listSharedRepositories', kind: 'malformed-json' });
    const result = await gateway.execute(SharedImagesDocument, LIST);
    expect(errorCodes(result)).toEqual(['UPSTREAM_BAD_RESPONSE']);
  });

  it('maps a body of the wrong shape to UPSTREAM_BAD_RESPONSE', async () => {
    const gateway = createTestGateway();
    gateway.emulator.faults.inject({
      route: 'listSharedRepositories',
      response: { status: 200, body: { repos: [] } },
    });
    const result = await gateway.execute(SharedImagesDocument, LIST);
    expect(errorCodes(result)).toEqual(['UPSTREAM_BAD_RESPONSE']);
  });

  it('maps a dropped connection to UPSTREAM_UNAVAILABLE, and the next request works', async () => {
    const gateway = createTestGateway({ settings: { swrRetries: 0 } });
    gateway.emulator.faults.inject({ route: 'listSharedRepositories', kind: 'reset', times: 1 });
    const failed = await gateway.execute(SharedImagesDocument, LIST);
    expect(errorCodes(failed)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const next = await gateway.execute(SharedImagesDocument, LIST);
    expect(next.errors).toBeUndefined();
  });

  it('maps a timeout to UPSTREAM_UNAVAILABLE', async () => {
    const gateway = createTestGateway({ settings: { swrTimeoutMs: 50, swrRetries: 0 } });
    gateway.emulator.faults.inject({ route: 'listSharedRepositories', delayMs: 1000, times: 1 });
    const result = await gateway.execute(SharedImagesDocument, LIST);
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('never puts the token in an error or a log line, and masks unexpected errors', async () => {
    const token = 'secret-token-value-42';
    const gateway = createTestGateway();
    gateway.emulator.faults.inject({
      route: 'listSharedRepositories',
      response: {
        status: 400,
        body: [
          { errorCode: 'SVCSTG.SWR.4001025', errorMessage: `bad token ${token}`, detail: token },
        ],
      },
    });
    const result = await gateway.execute(SharedImagesDocument, LIST, { token });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(result.errors?.[0]?.message).toContain('[redacted]');
    expect(gateway.logs.join('\n')).not.toContain(token);
  });
});

function bodyOf(
  shape: 'array' | 'object' | 'errors' | 'apig',
  errorCode: string,
  requestId: string,
) {
  const message = 'Something went wrong';
  switch (shape) {
    case 'array':
      return [{ errorCode, errorMessage: message, detail: '' }];
    case 'object':
      return { errorCode, errorMessage: message };
    case 'errors':
      return { errors: [{ errorCode, errorMessage: message }] };
    case 'apig':
      return { error_code: errorCode, error_msg: message, request_id: requestId };
  }
}
