import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toGraphQLError } from '../../src/errors/to-graphql-error.js';
import { UpstreamError } from '../../src/errors/upstream-error.js';
import { createTestGateway } from '../helpers/gateway.js';

const ROUTE = 'GET v2/manage/namespaces/group/repos/app';
/** A realistic IAM token's shape (they run to thousands of characters). */
const LONG_TOKEN =
  'MIIZkQYJKoZIhvcNAQcCoIIZgjCCGX4CAQExDTALBglghkgBZQMEAgEwghfjBgkqhkiG9w0BBwGgghfU';

function mapped(token: string, init: ConstructorParameters<typeof UpstreamError>[0]) {
  return toGraphQLError(new UpstreamError(init), { route: ROUTE, token }) as GraphQLError;
}

describe('token redaction in errors', () => {
  it('leaves SWR codes alone when the token is a word inside them (token "SWR")', () => {
    const error = mapped('SWR', {
      kind: 'http',
      status: 404,
      errorCode: 'SVCSTG.SWR.4040083',
      errorMessage: 'SWR repository not found',
    });
    expect(error.message).toBe(
      `SWR refused ${ROUTE} (404 SVCSTG.SWR.4040083): SWR repository not found`,
    );
    expect(error.extensions.upstream).toEqual({ status: 404, errorCode: 'SVCSTG.SWR.4040083' });
  });

  it('keeps messages readable with a one-letter token (token "a")', () => {
    const error = mapped('a', {
      kind: 'http',
      status: 400,
      errorCode: 'SVCSTG.SWR.4001025',
      errorMessage: 'namespace name is invalid',
      requestId: 'a1b2',
    });
    expect(error.message).toBe(
      `SWR refused ${ROUTE} (400 SVCSTG.SWR.4001025): namespace name is invalid`,
    );
    expect(error.message).not.toContain('[redacted]');
    expect(error.extensions.upstream).toMatchObject({ requestId: 'a1b2' });
  });

  it('still redacts a realistic token wherever SWR echoes it', () => {
    const error = mapped(LONG_TOKEN, {
      kind: 'http',
      status: 401,
      errorCode: `APIG.0301 ${LONG_TOKEN}`,
      errorMessage: `Incorrect IAM authentication information: token ${LONG_TOKEN} expired`,
      requestId: LONG_TOKEN,
    });
    expect(JSON.stringify(error.toJSON())).not.toContain(LONG_TOKEN);
    expect(error.message).toBe(
      `SWR refused ${ROUTE} (401 APIG.0301 [redacted]): Incorrect IAM authentication information: token [redacted] expired`,
    );
  });

  it('over the gateway: the token "SWR" gets SWR\'s code back unmangled', async () => {
    const gateway = createTestGateway();
    gateway.emulator.faults.inject({
      route: 'showRepository',
      response: {
        status: 404,
        body: [{ errorCode: 'SVCSTG.SWR.4040083', errorMessage: 'Not found' }],
      },
    });
    const result = await gateway.query(
      '{ repository(namespace: "group", name: "app") { name } }',
      {},
      { token: 'SWR' },
    );
    expect(result.errors?.[0]?.extensions?.upstream).toMatchObject({
      errorCode: 'SVCSTG.SWR.4040083',
    });
    expect(result.errors?.[0]?.message).toContain('(404 SVCSTG.SWR.4040083)');
  });
});
