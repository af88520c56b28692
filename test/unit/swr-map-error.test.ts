import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import ky, { HTTPError, TimeoutError } from 'ky';
import { describe, expect, it } from 'vitest';
import { toGraphQLError } from '../../src/errors/to-graphql-error.js';
import { UpstreamError } from '../../src/errors/upstream-error.js';
import { SwrClient } from '../../src/swr/client.js';
import { plainUpstream } from '../helpers/plain-upstream.js';
import { isGraphQLError, rejection } from '../helpers/rejections.js';

const TOKEN = 'MIIEhAYJKoZIhvcNAQcCoIIEdTCC-secret-token';
const ROUTE = 'GET v2/manage/namespaces/group';
const context = { route: ROUTE, token: TOKEN };

/** The error `SwrClient` rejects with when SWR answers `showNamespace` with `response`. */
async function failureFor(
  response: () => Response | Promise<Response>,
  timeoutMs = 1000,
): Promise<GraphQLError> {
  const http = plainUpstream({
    endpoint: 'https://swr-api.test',
    fetch: async () => response(),
    timeoutMs,
  });
  const client = new SwrClient(http, { token: TOKEN, requestId: 'req-1' });
  const error = await rejection(client.showNamespace('group'));
  expect(isGraphQLError(error)).toBe(true);
  return error as GraphQLError;
}

function swrError(status: number, errorCode?: string, errorMessage = 'message'): () => Response {
  return () =>
    new Response(JSON.stringify([{ errorCode, errorMessage, detail: '' }]), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
}

/** A real ky HTTPError, as ky 1.14.3 throws it (body unread). */
async function kyHttpError(response: Response): Promise<HTTPError> {
  const error = await rejection(
    ky.get('https://swr-api.test/x', { retry: 0, fetch: async () => response }),
  );
  expect(error).toBeInstanceOf(HTTPError);
  return error as HTTPError;
}

describe('toGraphQLError', () => {
  describe('HTTP statuses', () => {
    it.each([
      [401, 'SVCSTG.SWR.4010000', 'UNAUTHENTICATED'],
      [401, undefined, 'UNAUTHENTICATED'],
      [403, 'SVCSTG.SWR.4039002', 'FORBIDDEN'],
      [403, undefined, 'FORBIDDEN'],
      [403, 'SVCSTG.SWR.4031032', 'RATE_LIMITED'],
      [403, 'SVCSTG.SWR.4031042', 'RATE_LIMITED'],
      [429, undefined, 'RATE_LIMITED'],
      [404, 'SVCSTG.SWR.4040010', 'NOT_FOUND'],
      [404, undefined, 'NOT_FOUND'],
      [400, 'SVCSTG.SWR.4001090', 'NOT_FOUND'],
      [400, 'SVCSTG.SWR.4001025', 'BAD_USER_INPUT'],
      [400, undefined, 'BAD_USER_INPUT'],
      [405, undefined, 'BAD_USER_INPUT'],
      [406, 'SVCSTG.SWR.4060074', 'BAD_USER_INPUT'],
      [409, 'SVCSTG.SWR.4090060', 'BAD_USER_INPUT'],
      [413, 'SVCSTG.SWR.4131001', 'BAD_USER_INPUT'],
      [422, undefined, 'BAD_USER_INPUT'],
      [408, undefined, 'UPSTREAM_UNAVAILABLE'],
      [500, 'SVCSTG.SWR.5000008', 'UPSTREAM_UNAVAILABLE'],
      [502, undefined, 'UPSTREAM_UNAVAILABLE'],
      [503, undefined, 'UPSTREAM_UNAVAILABLE'],
      [507, 'SVCSTG.SWR.5070070', 'UPSTREAM_UNAVAILABLE'],
    ])('maps %i %s to %s', async (status, errorCode, code) => {
      const error = await failureFor(swrError(status, errorCode));
      expect(error.extensions).toEqual({
        code,
        // A throttled caller is told how long to wait (RATE_LIMIT_COOLDOWN_MS by default).
        ...(code === 'RATE_LIMITED' ? { retryAfterMs: 2000 } : {}),
        upstream: errorCode === undefined ? { status } : { status, errorCode },
      });
    });

    it.each([
      [
        'the API gateway 429',
        429,
        { error_code: 'APIG.0308', error_msg: 'throttled', request_id: 'g1' },
        'RATE_LIMITED',
      ],
      [
        'the API gateway 401',
        401,
        { error_code: 'APIGW.0301', error_msg: 'decrypt token fail' },
        'UNAUTHENTICATED',
      ],
      [
        'a root-object 400',
        400,
        { errorCode: 'SVCSTG.SWR.4001090', errorMessage: 'no share' },
        'NOT_FOUND',
      ],
      [
        'an errors-array 403',
        403,
        { errors: [{ errorCode: 'SVCSTG.SWR.4031042' }] },
        'RATE_LIMITED',
      ],
    ])('reads the code from %s body', async (_label, status, body, code) => {
      const error = await failureFor(() => new Response(JSON.stringify(body), { status }));
      expect(error.extensions.code).toBe(code);
    });

    it('maps an HTML 502 from a proxy without an error code', async () => {
      const error = await failureFor(
        () => new Response('<html>Bad Gateway</html>', { status: 502 }),
      );
      expect(error.toJSON()).toEqual({
        message: `SWR failed ${ROUTE} (502)`,
        extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: { status: 502 } },
      });
    });

    it('maps a ky HTTPError passed in directly, from its status and X-Request-Id', async () => {
      const httpError = await kyHttpError(
        new Response('[{"errorCode":"SVCSTG.SWR.4031032"}]', {
          status: 403,
          headers: { 'X-Request-Id': 'hdr-1' },
        }),
      );
      const error = toGraphQLError(httpError, context);
      expect(isGraphQLError(error)).toBe(true);
      expect((error as GraphQLError).extensions).toEqual({
        code: 'FORBIDDEN',
        upstream: { status: 403, requestId: 'hdr-1' },
      });
    });

    it('reads the body a newer ky left in HTTPError.data', async () => {
      const httpError = await kyHttpError(new Response(null, { status: 403 }));
      Object.assign(httpError, { data: [{ errorCode: 'SVCSTG.SWR.4031042' }] });
      expect(toGraphQLError(httpError, context)).toMatchObject({
        extensions: { code: 'RATE_LIMITED', upstream: { errorCode: 'SVCSTG.SWR.4031042' } },
      });
    });
  });

  describe('extensions.upstream', () => {
    it('carries the status, the error code and the request id of the body', async () => {
      const error = await failureFor(
        () =>
          new Response(
            '{"error_code":"APIG.0308","error_msg":"slow down","request_id":"body-id"}',
            {
              status: 429,
              headers: { 'X-Request-Id': 'header-id' },
            },
          ),
      );
      expect(error.extensions.upstream).toEqual({
        status: 429,
        errorCode: 'APIG.0308',
        requestId: 'body-id',
      });
    });

    it('takes the request id from X-Request-Id when the body has none', async () => {
      const error = await failureFor(
        () =>
          new Response('[{"errorCode":"SVCSTG.SWR.4040058"}]', {
            status: 404,
            headers: { 'X-Request-Id': 'header-id' },
          }),
      );
      expect(error.extensions.upstream).toEqual({
        status: 404,
        errorCode: 'SVCSTG.SWR.4040058',
        requestId: 'header-id',
      });
    });

    it('is left out when no response arrived', () => {
      const error = toGraphQLError(new UpstreamError({ kind: 'timeout' }), context);
      expect((error as GraphQLError).extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE' });
    });
  });

  describe('messages', () => {
    it('names the status, the code and the upstream text', async () => {
      const error = await failureFor(swrError(404, 'SVCSTG.SWR.4040058', 'Namespace not found'));
      expect(error.message).toBe(
        `SWR refused ${ROUTE} (404 SVCSTG.SWR.4040058): Namespace not found`,
      );
    });

    it('cuts the upstream text to 200 characters', async () => {
      const error = await failureFor(swrError(400, 'SVCSTG.SWR.4001025', 'x'.repeat(5000)));
      const text = error.message.split('): ')[1] ?? '';
      expect(text).toHaveLength(200);
      expect(text.endsWith('…')).toBe(true);
    });

    it('does not split a surrogate pair when cutting', () => {
      const errorMessage = `${'x'.repeat(198)}😀tail`;
      const error = toGraphQLError(
        new UpstreamError({ kind: 'http', status: 400, errorMessage }),
        context,
      );
      const text = (error as GraphQLError).message.split('): ')[1] ?? '';
      expect(text).toBe(`${'x'.repeat(198)}…`);
    });

    it('bounds every upstream field', () => {
      const error = toGraphQLError(
        new UpstreamError({
          kind: 'http',
          status: 400,
          errorCode: 'C'.repeat(1000),
          errorMessage: 'm'.repeat(1000),
          requestId: 'r'.repeat(1000),
        }),
        { route: `GET ${'p'.repeat(1000)}` },
      ) as GraphQLError;
      expect(error.message.length).toBeLessThan(600);
      const upstream = error.extensions.upstream as { errorCode: string; requestId: string };
      expect(upstream.errorCode.length).toBeLessThanOrEqual(128);
      expect(upstream.requestId.length).toBeLessThanOrEqual(128);
    });

    it('strips control characters and turns line breaks into spaces', async () => {
      const error = await failureFor(
        swrError(
          400,
          'SVCSTG.SWR.4001025\u0000',
          'line one\r\nline\ttwo\u0000\u001b[31m red\u007f\u202eevil\u200b',
        ),
      );
      expect(error.message).toBe(
        `SWR refused ${ROUTE} (400 SVCSTG.SWR.4001025): line one line two[31m redevil`,
      );
      expect(error.extensions.upstream).toMatchObject({ errorCode: 'SVCSTG.SWR.4001025' });
    });

    it('replaces every occurrence of the token', async () => {
      const error = await failureFor(
        () =>
          new Response(
            JSON.stringify({
              error_code: `APIG.0301 ${TOKEN}`,
              error_msg: `decrypt token fail: ${TOKEN} (token ${TOKEN})`,
              request_id: TOKEN,
            }),
            { status: 401 },
          ),
      );
      const serialized = JSON.stringify(error.toJSON());
      expect(serialized).not.toContain(TOKEN);
      expect(error.message).toBe(
        `SWR refused ${ROUTE} (401 APIG.0301 [redacted]): decrypt token fail: [redacted] (token [redacted])`,
      );
      expect(error.extensions.upstream).toEqual({
        status: 401,
        errorCode: 'APIG.0301 [redacted]',
        requestId: '[redacted]',
      });
    });

    it('redacts a token hidden by control characters or at the cut', () => {
      const split = `${TOKEN.slice(0, 10)}\u0000${TOKEN.slice(10)}`;
      const late = `${'x'.repeat(190)}${TOKEN}`;
      for (const errorMessage of [split, late]) {
        const error = toGraphQLError(
          new UpstreamError({ kind: 'http', status: 400, errorMessage }),
          context,
        );
        expect((error as GraphQLError).message).not.toContain(TOKEN.slice(0, 10));
      }
    });

    it('redacts the token in the route too', () => {
      const error = toGraphQLError(new UpstreamError({ kind: 'timeout' }), {
        route: `GET v2/manage/namespaces?oops=${TOKEN}`,
        token: TOKEN,
      });
      expect((error as GraphQLError).message).toBe(
        'SWR did not answer GET v2/manage/namespaces?oops=[redacted] in time',
      );
    });
  });

  describe('timeouts and network failures', () => {
    it('maps a call that never answers to UPSTREAM_UNAVAILABLE', async () => {
      const error = await failureFor(() => new Promise<Response>(() => {}), 20);
      expect(error.toJSON()).toEqual({
        message: `SWR did not answer ${ROUTE} in time`,
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    });

    it.each([
      ['ky TimeoutError', new TimeoutError(new Request('https://swr-api.test/x'))],
      ['DOMException TimeoutError', new DOMException('The operation timed out.', 'TimeoutError')],
      [
        'AbortSignal.timeout reason',
        AbortSignal.abort(new DOMException('t', 'TimeoutError')).reason,
      ],
      [
        'AbortError caused by a timeout',
        Object.assign(new DOMException('aborted', 'AbortError'), {
          cause: new DOMException('t', 'TimeoutError'),
        }),
      ],
      [
        'undici headers timeout',
        Object.assign(new Error('Headers Timeout'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
      ],
    ])('maps a %s to a timeout', (_label, raw) => {
      const error = toGraphQLError(raw, context);
      expect(isGraphQLError(error)).toBe(true);
      expect((error as GraphQLError).toJSON()).toEqual({
        message: `SWR did not answer ${ROUTE} in time`,
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    });

    it('maps a plain AbortError to a cancelled call', () => {
      const error = toGraphQLError(
        new DOMException('This operation was aborted', 'AbortError'),
        context,
      );
      expect((error as GraphQLError).toJSON()).toEqual({
        message: `The SWR call ${ROUTE} was cancelled`,
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    });

    const systemError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

    it.each([
      [
        'fetch failed, ECONNREFUSED',
        new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }),
        ' (ECONNREFUSED)',
      ],
      [
        'fetch failed, ECONNRESET',
        new TypeError('fetch failed', { cause: systemError('ECONNRESET') }),
        ' (ECONNRESET)',
      ],
      [
        'fetch failed without a code',
        new TypeError('fetch failed', { cause: new Error('bad port') }),
        '',
      ],
      ['a bare ECONNRESET', systemError('ECONNRESET'), ' (ECONNRESET)'],
      [
        'a terminated body',
        new TypeError('terminated', { cause: systemError('UND_ERR_SOCKET') }),
        ' (UND_ERR_SOCKET)',
      ],
    ])('maps %s to UPSTREAM_UNAVAILABLE', (_label, raw, suffix) => {
      const error = toGraphQLError(raw, context);
      expect((error as GraphQLError).toJSON()).toEqual({
        message: `SWR could not be reached for ${ROUTE}${suffix}`,
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    });

    it('maps a fetch that rejects through the client', async () => {
      const error = await failureFor(() =>
        Promise.reject(new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') })),
      );
      expect(error.toJSON()).toEqual({
        message: `SWR could not be reached for ${ROUTE} (ECONNREFUSED)`,
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    });

    it('maps a real connection failure', async () => {
      const http = plainUpstream({ endpoint: 'http://127.0.0.1:9', timeoutMs: 2000 });
      const client = new SwrClient(http, { token: TOKEN, requestId: 'req-1' });
      const error = await rejection(client.listNamespaces());
      expect(error).toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    });
  });

  describe('everything else', () => {
    it('returns a GraphQLError unchanged, also one from another copy of graphql', () => {
      const original = new GraphQLError('already public', { extensions: { code: 'NOT_FOUND' } });
      expect(toGraphQLError(original, context)).toBe(original);
    });

    it.each([
      ['an Error', new Error('oops')],
      [
        'a TypeError from a bug',
        new TypeError("Cannot read properties of undefined (reading 'x')"),
      ],
      ['a SyntaxError', new SyntaxError('Unexpected token')],
      ['a TypeError with a network-like cause', new TypeError('x is not a function')],
    ])('returns %s as is, so that yoga masks it', (_label, bug) => {
      const error = toGraphQLError(bug, context);
      expect(error).toBe(bug);
      expect(isGraphQLError(error)).toBe(false);
    });

    it('wraps a thrown non-Error in an Error', () => {
      const error = toGraphQLError('a string', context);
      expect(error).toBeInstanceOf(Error);
      expect(isGraphQLError(error)).toBe(false);
      expect(error.cause).toBe('a string');
    });

    it('is shown by yoga for upstream failures and masked for bugs', async () => {
      const yoga = createYoga({
        maskedErrors: { isDev: false },
        logging: false,
        schema: createSchema({
          typeDefs: 'type Query { upstream: String, bug: String }',
          resolvers: {
            Query: {
              upstream: () => {
                throw toGraphQLError(new UpstreamError({ kind: 'http', status: 404 }), context);
              },
              bug: () => {
                throw toGraphQLError(new TypeError('secret internals'), context);
              },
            },
          },
        }),
      });
      const response = await yoga.fetch('http://yoga/graphql?query={upstream bug}');
      const body = (await response.json()) as {
        errors: Array<{ message: string; path: string[]; extensions: unknown }>;
      };
      const byField = Object.fromEntries(body.errors.map((error) => [error.path[0], error]));
      expect(byField.upstream).toMatchObject({
        message: `SWR refused ${ROUTE} (404)`,
        extensions: { code: 'NOT_FOUND', upstream: { status: 404 } },
      });
      expect(byField.bug).toMatchObject({
        message: 'Unexpected error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });
  });
});
