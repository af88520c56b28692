import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../src/app.js';
import { SharedImagesCountDocument } from '../../src/generated/graphql.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { createTestGateway } from '../helpers/gateway.js';

const URL_ = 'http://gateway.test/graphql';
const COUNT = '{ sharedRepositories(center: SELF, first: 0) { totalCount } }';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

function gateway(settings: Partial<AppSettings> = {}) {
  const test = createTestGateway({ settings });
  const fetch = (input: string, init: RequestInit = {}) => test.app.yoga.fetch(input, init);
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  return { ...test, fetch, post };
}

const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('CSRF prevention', () => {
  const get = (headers: Record<string, string>) =>
    gateway().fetch(`${URL_}?query=${encodeURIComponent(COUNT)}`, { headers });

  it('refuses a GET without a token or CSRF header with 403 CSRF_HEADER_REQUIRED', async () => {
    const test = gateway();
    const response = await test.fetch(`${URL_}?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(403);
    expect(codes((await response.json()) as Body)).toEqual(['CSRF_HEADER_REQUIRED']);
    expect(test.emulator.callCount()).toBe(0);
  });

  it('serves a GET that carries X-Auth-Token, Authorization or a CSRF header', async () => {
    const variants: Array<Record<string, string>> = [
      { 'x-auth-token': 'alice' },
      { authorization: 'Bearer alice' },
      { 'x-graphql-yoga-csrf': '1', 'x-auth-token': 'alice' },
      { 'apollo-require-preflight': 'true', 'x-auth-token': 'alice' },
    ];
    for (const headers of variants) {
      const response = await get(headers);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Body;
      expect(body.errors).toBeUndefined();
    }
    const anonymous = await gateway().fetch(
      `${URL_}?query=${encodeURIComponent('{ __typename }')}`,
      { headers: { 'x-graphql-yoga-csrf': '1' } },
    );
    expect(await anonymous.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses POSTs a form could send (text/plain, urlencoded, multipart) before reading them', async () => {
    const test = gateway();
    const bodies: Array<[string, string]> = [
      ['text/plain', JSON.stringify({ query: COUNT })],
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(COUNT)}`],
      ['multipart/form-data; boundary=x', `--x\r\n\r\n${COUNT}\r\n--x--`],
    ];
    for (const [contentType, body] of bodies) {
      const response = await test.fetch(URL_, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      expect(response.status).toBe(403);
      expect(codes((await response.json()) as Body)).toEqual(['CSRF_HEADER_REQUIRED']);
    }
    expect(test.emulator.callCount()).toBe(0);
  });

  it('still serves GraphiQL to a browser', async () => {
    const response = await gateway().fetch(URL_, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
  });
});

describe('CORS allowlist (CORS_ORIGINS)', () => {
  const preflight = (test: ReturnType<typeof gateway>, origin: string) =>
    test.fetch(URL_, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization, x-request-id',
      },
    });

  it('gives no origin CORS access when the list is empty', async () => {
    const test = gateway({ corsOrigins: [] });
    const answer = await preflight(test, 'https://console.example.com');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    const response = await test.fetch(URL_, {
      method: 'POST',
      headers: {
        origin: 'https://console.example.com',
        'content-type': 'application/json',
        authorization: 'Bearer alice',
      },
      body: JSON.stringify({ query: COUNT }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a listed origin, with credentials and the gateway’s headers; nobody else', async () => {
    const test = gateway({
      corsOrigins: ['https://console.example.com', 'http://localhost:5173'],
    });
    const answer = await preflight(test, 'https://console.example.com');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    const allowed = (answer.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'x-auth-token', 'x-request-id', 'content-type']) {
      expect(allowed).toContain(header);
    }
    expect(answer.headers.get('vary')).toMatch(/Origin/);

    const response = await test.fetch(URL_, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:5173',
        'content-type': 'application/json',
        authorization: 'Bearer alice',
      },
      body: JSON.stringify({ query: COUNT }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

    for (const origin of ['https://evil.example', 'https://console.example.com.evil.example']) {
      const refused = await preflight(test, origin);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
      expect(refused.headers.get('vary')).toMatch(/Origin/);
    }
  });
});

describe('request body limit (MAX_BODY_BYTES)', () => {
  const padded = (bytes: number) => {
    const body = JSON.stringify({ query: COUNT, variables: { pad: '' } });
    return JSON.stringify({ query: COUNT, variables: { pad: 'x'.repeat(bytes - body.length) } });
  };

  it('serves a body of exactly the limit', async () => {
    const test = gateway({ maxBodyBytes: 2048 });
    const body = padded(2048);
    expect(body.length).toBe(2048);
    const response = await test.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
      body,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Body).errors).toBeUndefined();
  });

  it('refuses a larger Content-Length with 413 PAYLOAD_TOO_LARGE without reading the body', async () => {
    const test = gateway({ maxBodyBytes: 2048 });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
      },
    });
    const response = await test.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '4096' },
      body,
      // @ts-expect-error Node needs `duplex` for a stream body
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as Body;
    expect(codes(answer)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(answer.errors?.[0]?.message).toBe('The request body is larger than 2048 bytes.');
    expect(pulled).toBeLessThanOrEqual(1);
    expect(test.emulator.callCount()).toBe(0);
  });

  it('answers a malformed Content-Length with 400 BAD_REQUEST, as yoga does', async () => {
    const test = gateway();
    const response = await test.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '12abc' },
      body: JSON.stringify({ query: COUNT }),
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as Body;
    expect(codes(answer)).toEqual(['BAD_REQUEST']);
    expect(answer.errors?.[0]?.message).toBe('Content-Length header is invalid.');
    expect(test.emulator.callCount()).toBe(0);
  });

  it('refuses a streamed body once it passes the limit, without reading the rest', async () => {
    const test = gateway({ maxBodyBytes: 2048 });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`{"query":"${COUNT}","variables":{"pad":"`));
      },
      pull(controller) {
        if (sent >= 1_000_000) return controller.close();
        sent += 512;
        controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
      },
    });
    const response = await test.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
      body,
      // @ts-expect-error Node needs `duplex` for a stream body
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(codes((await response.json()) as Body)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(sent).toBeLessThan(16 * 1024);
    expect(test.emulator.callCount()).toBe(0);
  });

  describe('over real HTTP', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await listen(gateway({ maxBodyBytes: 4096 }).app, { port: 0, host: '127.0.0.1' });
    });
    afterAll(() => server?.close());

    it('answers 413 to a large body, and serves a small one', async () => {
      const large = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
        body: padded(64 * 1024),
      });
      expect(large.status).toBe(413);
      expect(codes((await large.json()) as Body)).toEqual(['PAYLOAD_TOO_LARGE']);

      const chunks = ['{"query":"{ __typename }","variables":{"pad":"', 'y'.repeat(8192), '"}}'];
      const chunked = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          pull(controller) {
            const chunk = chunks.shift();
            if (chunk === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(chunk));
          },
        }),
        // @ts-expect-error Node needs `duplex` for a stream body
        duplex: 'half',
      });
      expect(chunked.status).toBe(413);
      expect(codes((await chunked.json()) as Body)).toEqual(['PAYLOAD_TOO_LARGE']);

      const small = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await small.json()).toEqual({ data: { __typename: 'Query' } });
    });
  });
});

describe('persisted operations (PERSISTED_OPERATIONS)', () => {
  const { __meta__ } = SharedImagesCountDocument as { __meta__?: { hash?: string } };
  const documentId = __meta__?.hash ?? '';
  const variables = { center: 'SELF' };
  const apq = {
    persistedQuery: { version: 1, sha256Hash: documentId.replace(/^sha256:/, '') },
  };

  it('the typed documents carry their manifest id', () => {
    expect(documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('only: runs operations by documentId or APQ hash, refuses documents', async () => {
    const test = gateway({ persistedOperations: 'only' });
    const byId = await test.post({ documentId, variables });
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data).toMatchObject({
      sharedRepositories: { totalCount: expect.any(Number) },
    });
    const byApq = await test.post({ extensions: apq, variables });
    expect(byApq.body.data).toEqual(byId.body.data);
    expect(test.emulator.callCount()).toBe(2);

    const adHoc = await test.post({ query: COUNT });
    expect(codes(adHoc.body)).toEqual(['PERSISTED_QUERY_ONLY']);
    const both = await test.post({ query: COUNT, documentId });
    expect(codes(both.body)).toEqual(['PERSISTED_QUERY_ONLY']);
    const unknown = await test.post({ documentId: `sha256:${'0'.repeat(64)}` });
    expect(codes(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const nothing = await test.post({ variables });
    expect(codes(nothing.body)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
    expect(test.emulator.callCount()).toBe(2);
  });

  it('only: serves persisted operations over GET too', async () => {
    const test = gateway({ persistedOperations: 'only' });
    const query = new URLSearchParams({
      documentId,
      variables: JSON.stringify(variables),
    });
    const response = await test.fetch(`${URL_}?${query}`, { headers: { 'x-auth-token': 'alice' } });
    expect(((await response.json()) as Body).data).toMatchObject({
      sharedRepositories: { totalCount: expect.any(Number) },
    });
  });

  it('allow: runs both documents and ids', async () => {
    const test = gateway({ persistedOperations: 'allow' });
    expect((await test.post({ query: COUNT })).body.errors).toBeUndefined();
    expect((await test.post({ documentId, variables })).body.errors).toBeUndefined();
    expect((await test.post({ query: COUNT, documentId })).body.errors).toBeUndefined();
    const unknown = await test.post({
      extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
    });
    expect(codes(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('off: ignores ids', async () => {
    const test = gateway({ persistedOperations: 'off' });
    const withIds = await test.post({ query: COUNT, documentId, extensions: apq });
    expect(withIds.body.errors).toBeUndefined();
    const idOnly = await test.post({ documentId, variables });
    expect(idOnly.body.data ?? null).toBeNull();
    expect(idOnly.body.errors?.length).toBeGreaterThan(0);
    expect(test.emulator.callCount()).toBe(1);
  });
});
