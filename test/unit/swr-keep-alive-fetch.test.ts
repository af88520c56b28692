import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { upstreamErrorFromResponse } from '../../src/errors/upstream-error.js';
import { BufferedResponse } from '../../src/swr/transport/buffered-response.js';
import { createSwrHttp, endpointPrefix } from '../../src/swr/transport/http.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback HTTP server; the client under test is ky over the default keep-alive fetch. */
async function serve(handler: Handler, timeoutMs = 2000, maxSockets?: number) {
  const seen: Array<{ url?: string; headers: IncomingMessage['headers'] }> = [];
  server = createServer((request, response) => {
    seen.push({ url: request.url, headers: request.headers });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const lean = createSwrHttp({ endpoint, timeoutMs, maxSockets });
  /** Calls as `attemptOnce` does: the endpoint prefix plus the path, the signal as `swrSignal`. */
  const http = (path: string, { signal, ...init }: { signal?: AbortSignal } & RequestInit = {}) =>
    lean(endpointPrefix(endpoint) + path, { ...init, swrSignal: signal } as Parameters<
      typeof lean
    >[1]);
  return { http, seen };
}

const PAGE = JSON.stringify([{ name: 'nginx', namespace: 'group' }]);

describe('ky over the keep-alive fetch', () => {
  it('sends the URL, query and headers as given and returns the buffered body', async () => {
    const { http, seen } = await serve((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Range': '0-0/1' });
      response.end(PAGE);
    });
    const response = await http('v2/manage/shared-repositories?center=self&limit=20', {
      headers: { 'X-Auth-Token': 'secret-token' },
    });
    expect(seen[0]?.url).toBe('/v2/manage/shared-repositories?center=self&limit=20');
    expect(seen[0]?.headers['x-auth-token']).toBe('secret-token');
    expect(response).toBeInstanceOf(BufferedResponse);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-range')).toBe('0-0/1');
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual([{ name: 'nginx', namespace: 'group' }]);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('keeps connections alive across consecutive calls', async () => {
    const sockets = new Set<unknown>();
    const { http } = await serve((request, response) => {
      sockets.add(request.socket);
      response.end(PAGE);
    });
    for (let call = 0; call < 10; call++) await (await http('v2/manage/namespaces')).text();
    // undici's pool may open a second connection while the first is being released.
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it('opens at most `maxSockets` connections; further calls wait for a free one', async () => {
    const sockets = new Set<unknown>();
    let inFlight = 0;
    let maxInFlight = 0;
    const { http } = await serve(
      (request, response) => {
        sockets.add(request.socket);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        setTimeout(() => {
          inFlight--;
          response.end(PAGE);
        }, 20);
      },
      2000,
      2,
    );
    const calls = Array.from({ length: 6 }, () =>
      http('v2/manage/namespaces').then((r) => r.json()),
    );
    expect(await Promise.all(calls)).toHaveLength(6);
    expect([sockets.size, maxInFlight]).toEqual([2, 2]);
  });

  it('fails a call cancelled while it waits for a connection at once, and never sends it', async () => {
    let received = 0;
    const { http } = await serve(
      (_, response) => {
        received++;
        setTimeout(() => response.end(PAGE), 150);
      },
      2000,
      1,
    );
    const settled: string[] = [];
    const first = http('v2/manage/namespaces/a').then((response) => {
      settled.push('first');
      return response.json();
    });
    const cancel = new AbortController();
    const second = http('v2/manage/namespaces/b', { signal: cancel.signal });
    second.catch(() => settled.push('second'));
    setTimeout(() => cancel.abort(new Error('the caller went away')), 10);
    await expect(second).rejects.toThrow('the caller went away');
    expect(await first).toHaveLength(1);
    expect(settled).toEqual(['second', 'first']);
    expect(received).toBe(1);
  });

  it('leaves an error body readable as a stream, for the error mapper', async () => {
    const { http } = await serve((_, response) => {
      response.writeHead(404, { 'Content-Type': 'application/json', 'Retry-After': '3' });
      response.end(JSON.stringify({ errorCode: 'SVCSTG.SWR.4040002', errorMessage: 'gone' }));
    });
    const response = await http('v2/manage/namespaces/x');
    const upstream = await upstreamErrorFromResponse(response);
    expect(upstream).toMatchObject({
      status: 404,
      errorCode: 'SVCSTG.SWR.4040002',
      errorMessage: 'gone',
      retryAfter: '3',
    });
  });
});

describe('the lean ky instance of the app (full URL, caller signal beside the Request)', () => {
  async function serveLean(handler: Handler, timeoutMs = 2000) {
    const { seen } = await serve(handler);
    const { port } = (server as Server).address() as AddressInfo;
    const http = createSwrHttp({ endpoint: 'unused', timeoutMs });
    return { http, seen, base: `http://127.0.0.1:${port}/` };
  }

  it('sends the full URL and headers as given; a non-2xx answer resolves, its body unread', async () => {
    const { http, seen, base } = await serveLean((_, response) => {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end('{"errorCode":"SVCSTG.SWR.4040002"}');
    });
    const response = await http(`${base}v2/manage/namespaces/x?limit=1`, {
      headers: { 'X-Auth-Token': 'secret-token' },
    });
    expect(seen[0]?.url).toBe('/v2/manage/namespaces/x?limit=1');
    expect(seen[0]?.headers['x-auth-token']).toBe('secret-token');
    expect(response.status).toBe(404);
    expect(await upstreamErrorFromResponse(response)).toMatchObject({
      status: 404,
      errorCode: 'SVCSTG.SWR.4040002',
    });
  });

  it('times out on a body that stalls after the headers, with a TimeoutError', async () => {
    const { http, base } = await serveLean((_, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('[{"name":');
    }, 50);
    await expect(http(`${base}v2/manage/namespaces`)).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it('aborts with the caller signal handed beside the Request (`swrSignal`)', async () => {
    const { http, base } = await serveLean((_, response) => {
      setTimeout(() => response.end(PAGE), 500);
    });
    const cancel = new AbortController();
    const call = http(`${base}v2/manage/namespaces`, {
      swrSignal: cancel.signal,
    } as Parameters<typeof http>[1]);
    setTimeout(() => cancel.abort(new Error('the caller went away')), 10);
    await expect(call).rejects.toThrow('the caller went away');
  });
});

describe('BufferedResponse', () => {
  const make = () =>
    new BufferedResponse(Buffer.from('{"a":1}'), {
      status: 201,
      statusText: 'Created',
      headers: { 'content-type': 'application/json' },
    });

  it('reads the body once, whichever way', async () => {
    const response = make();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(
      new Uint8Array(Buffer.from('{"a":1}')),
    );
    await expect(response.json()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    const blob = await make().blob();
    expect([blob.type, await blob.text()]).toEqual(['application/json', '{"a":1}']);
  });

  it('clones with status, headers and body', async () => {
    const response = make();
    const copy = response.clone();
    expect([copy.status, copy.statusText, copy.headers.get('content-type')]).toEqual([
      201,
      'Created',
      'application/json',
    ]);
    expect(await copy.text()).toBe('{"a":1}');
    expect(await response.text()).toBe('{"a":1}');
  });

  it('serves the body as a stream once asked to, and then only from it', async () => {
    const response = make();
    const body = response.body;
    expect(body).not.toBeNull();
    expect(response.bodyUsed).toBe(false);
    expect(await new Response(body).text()).toBe('{"a":1}');
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });
});
