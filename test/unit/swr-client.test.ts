import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type SwrCallContext, SwrClient } from '../../src/swr/client.js';
import type { SwrAccessDomain } from '../../src/swr/wire/access-domain.js';
import type { SwrNamespace } from '../../src/swr/wire/namespace.js';
import type { SwrRepositoryDetail, SwrRepositoryListItem } from '../../src/swr/wire/repository.js';
import type { SwrTag } from '../../src/swr/wire/tag.js';
import { plainUpstream } from '../helpers/plain-upstream.js';
import { isGraphQLError, rejection } from '../helpers/rejections.js';

const TOKEN = 'MIIEhAYJKoZIhvcNAQcCoIIEdTCC+token/abc=';
const ENDPOINT = 'https://swr-api.test';

type Handler = (request: Request) => Response | Promise<Response>;

/** A client whose fetch answers with `handler` and records every request. */
function fakeSwr(handler: Handler, options: { timeoutMs?: number; endpoint?: string } = {}) {
  const requests: Request[] = [];
  const http = plainUpstream({
    endpoint: options.endpoint ?? ENDPOINT,
    timeoutMs: options.timeoutMs ?? 1000,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return handler(request);
    },
  });
  const client = (call: Partial<SwrCallContext> = {}) =>
    new SwrClient(http, { token: TOKEN, requestId: 'req-1', ...call });
  return { requests, client };
}

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

function listItem(overrides: Partial<SwrRepositoryListItem> = {}): SwrRepositoryListItem {
  return {
    name: 'team/api',
    category: 'other',
    description: '',
    size: 115645792,
    is_public: false,
    num_images: 1,
    num_download: 0,
    created_at: '2021-06-02T09:23:01Z',
    updated_at: '2021-06-10T07:24:35.542841141Z',
    logo: '',
    url: '',
    path: 'swr.cn-north-4.myhuaweicloud.com/group/team/api',
    internal_path: '100.125.0.198:20202/group/team/api',
    domain_name: 'acme',
    namespace: 'group',
    tags: ['latest'],
    status: true,
    total_range: 57,
    ...overrides,
  };
}

const detail: SwrRepositoryDetail = {
  id: 7,
  ns_id: 3,
  name: 'team/api',
  category: 'other',
  description: 'API image',
  creator_id: 'u1',
  creator_name: 'alice',
  size: 10,
  is_public: true,
  num_images: 2,
  num_download: 5,
  url: '',
  path: 'swr.cn-north-4.myhuaweicloud.com/group/team/api',
  internal_path: '100.125.0.198:20202/group/team/api',
  created: '2021-06-02T09:23:01Z',
  updated: '2021-06-10T07:24:35Z',
  domain_id: 'd1',
  priority: 0,
};

const tag: SwrTag = {
  id: 1,
  repo_id: 7,
  Tag: 'v1',
  image_id: 'img',
  manifest: '{}',
  digest: 'sha256:abc',
  schema: 2,
  path: 'swr.cn-north-4.myhuaweicloud.com/group/team/api:v1',
  internal_path: '100.125.0.198:20202/group/team/api:v1',
  size: 10,
  is_trusted: false,
  created: '2021-06-02T09:23:01Z',
  updated: '2021-06-02T09:23:01Z',
  deleted: null,
  domain_id: 'd1',
  scanned: false,
  tag_type: 0,
};

const domain: SwrAccessDomain = {
  namespace: 'group',
  repository: 'team/api',
  access_domain: 'partner',
  permit: 'read',
  deadline: 'forever',
  description: '',
  creator_id: 'u1',
  creator_name: 'alice',
  created: '2021-06-02T09:23:01Z',
  updated: '2021-06-02T09:23:01Z',
  status: true,
};

const namespace: SwrNamespace = { id: 1422, name: 'group', creator_name: 'alice', auth: 7 };

describe('SwrClient', () => {
  describe('requests', () => {
    it('sends the token, the request id and JSON headers on every call', async () => {
      const { requests, client } = fakeSwr(() => json(namespace));
      await client().showNamespace('group');
      const request = only(requests);
      expect(request.method).toBe('GET');
      expect(request.headers.get('x-auth-token')).toBe(TOKEN);
      expect(request.headers.get('x-request-id')).toBe('req-1');
      expect(request.headers.get('accept')).toBe('application/json');
      expect(request.headers.get('content-type')).toBe('application/json');
    });

    it('lists shared repositories with every filter, the window and the order', async () => {
      const { requests, client } = fakeSwr(() => json([]));
      await client().listSharedRepositories({
        center: 'thirdparty',
        namespace: 'group',
        name: 'team/api/v2',
        domainName: 'acme',
        status: false,
        window: { limit: 10, offset: 20 },
        order: { column: 'tag_count', type: 'desc' },
      });
      const url = new URL(only(requests).url);
      expect(url.origin + url.pathname).toBe(`${ENDPOINT}/v2/manage/shared-repositories`);
      expect([...url.searchParams]).toEqual([
        ['center', 'thirdparty'],
        ['namespace', 'group'],
        ['name', 'team$api$v2'],
        ['domain_name', 'acme'],
        ['status', 'false'],
        ['limit', '10'],
        ['offset', '20'],
        ['order_column', 'tag_count'],
        ['order_type', 'desc'],
      ]);
    });

    it('sends only center when nothing else is set', async () => {
      const { requests, client } = fakeSwr(() => json([]));
      await client().listSharedRepositories({ center: 'self' });
      expect(new URL(only(requests).url).search).toBe('?center=self');
    });

    it('keeps a path prefix of the endpoint', async () => {
      const { requests, client } = fakeSwr(() => json(namespace), {
        endpoint: 'http://127.0.0.1:4010/swr/',
      });
      await client().showNamespace('group');
      expect(only(requests).url).toBe('http://127.0.0.1:4010/swr/v2/manage/namespaces/group');
    });

    it('shows a repository with / sent as a literal $ in the path', async () => {
      const { requests, client } = fakeSwr(() => json(detail));
      await expect(client().showRepository('group', 'team/api')).resolves.toEqual(detail);
      expect(only(requests).url).toBe(`${ENDPOINT}/v2/manage/namespaces/group/repos/team$api`);
    });

    it('percent-encodes other reserved characters in path segments', async () => {
      const { requests, client } = fakeSwr(() => json(detail));
      await client().showRepository('gr oup', 'a?b#c/d%e');
      expect(new URL(only(requests).url).pathname).toBe(
        '/v2/manage/namespaces/gr%20oup/repos/a%3Fb%23c$d%25e',
      );
    });

    it.each([
      ['', 'api'],
      ['.', 'api'],
      ['..', 'api'],
      ['group', '..'],
      ['group', ''],
    ])('refuses the path segments %j / %j before any call', async (ns, name) => {
      const { requests, client } = fakeSwr(() => json(detail));
      const error = await rejection(client().showRepository(ns, name));
      expect(isGraphQLError(error)).toBe(true);
      expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(requests).toHaveLength(0);
    });

    it('lists tags with the window, the order and the tag filter', async () => {
      const { requests, client } = fakeSwr(() => json([tag]));
      await client().listRepositoryTags('group', 'team/api', {
        window: { limit: 5, offset: 0 },
        order: { column: 'tag', type: 'asc' },
        tag: 'v1',
      });
      const url = new URL(only(requests).url);
      expect(url.pathname).toBe('/v2/manage/namespaces/group/repos/team$api/tags');
      expect(url.search).toBe('?limit=5&offset=0&order_column=tag&order_type=asc&tag=v1');
    });

    it('lists tags without parameters', async () => {
      const { requests, client } = fakeSwr(() => json([tag]));
      await client().listRepositoryTags('group', 'api');
      expect(only(requests).url).toBe(`${ENDPOINT}/v2/manage/namespaces/group/repos/api/tags`);
    });

    it('lists sharing accounts under repositories, not repos', async () => {
      const { requests, client } = fakeSwr(() => json([domain]));
      await expect(client().listRepoDomains('group', 'team/api')).resolves.toEqual([domain]);
      expect(only(requests).url).toBe(
        `${ENDPOINT}/v2/manage/namespaces/group/repositories/team$api/access-domains`,
      );
    });

    it('lists namespaces, unwrapped', async () => {
      const { requests, client } = fakeSwr(() => json({ namespaces: [namespace] }));
      await expect(client().listNamespaces()).resolves.toEqual([namespace]);
      expect(only(requests).url).toBe(`${ENDPOINT}/v2/manage/namespaces`);
    });

    it('shows a namespace', async () => {
      const { requests, client } = fakeSwr(() => json(namespace));
      await expect(client().showNamespace('group')).resolves.toEqual(namespace);
      expect(only(requests).url).toBe(`${ENDPOINT}/v2/manage/namespaces/group`);
    });

    it('passes the caller signal on', async () => {
      const controller = new AbortController();
      const { requests, client } = fakeSwr(() => json(namespace));
      await client({ signal: controller.signal }).showNamespace('group');
      const request = only(requests);
      expect(request.signal.aborted).toBe(false);
      controller.abort();
      expect(request.signal.aborted).toBe(true);
    });
  });

  describe('windows', () => {
    it.each([
      { limit: 10, offset: 5 },
      { limit: 0, offset: 0 },
      { limit: -10, offset: 0 },
      { limit: 10, offset: -10 },
      { limit: 2.5, offset: 5 },
      { limit: 10, offset: 10.5 },
      { limit: Number.NaN, offset: 0 },
      { limit: Number.POSITIVE_INFINITY, offset: 0 },
    ])('throws a plain error for the misaligned window %j before any call', async (window) => {
      const { requests, client } = fakeSwr(() => json([]));
      const shared = await rejection(client().listSharedRepositories({ center: 'self', window }));
      const tags = await rejection(client().listRepositoryTags('group', 'api', { window }));
      for (const error of [shared, tags]) {
        expect(error).toBeInstanceOf(RangeError);
        expect(isGraphQLError(error)).toBe(false);
      }
      expect(requests).toHaveLength(0);
    });

    it('accepts offset 0 and multiples of the limit', async () => {
      const { requests, client } = fakeSwr(() => json([]));
      await client().listSharedRepositories({ center: 'self', window: { limit: 7, offset: 0 } });
      await client().listSharedRepositories({ center: 'self', window: { limit: 7, offset: 21 } });
      expect(requests.map((request) => new URL(request.url).searchParams.get('offset'))).toEqual([
        '0',
        '21',
      ]);
    });
  });

  describe('totals', () => {
    it('takes the total from total_range of the first item', async () => {
      const { client } = fakeSwr(() =>
        json([listItem(), listItem({ name: 'b' })], { headers: { 'Content-Range': '0-1/99' } }),
      );
      const page = await client().listSharedRepositories({ center: 'self' });
      expect(page.total).toBe(57);
      expect(page.items.map((item) => item.name)).toEqual(['team/api', 'b']);
    });

    it('falls back to Content-Range on an empty page', async () => {
      const { client } = fakeSwr(() => json([], { headers: { 'Content-Range': '20-0/20' } }));
      const page = await client().listSharedRepositories({
        center: 'self',
        window: { limit: 10, offset: 20 },
      });
      expect(page).toEqual({ items: [], total: 20 });
    });

    it.each([
      ['missing', undefined],
      ['negative', -1],
      ['fractional', 2.5],
      ['a string', '57'],
    ])('falls back to Content-Range when total_range is %s', async (_label, totalRange) => {
      const item = { ...listItem(), total_range: totalRange };
      const { client } = fakeSwr(() => json([item], { headers: { 'Content-Range': '0-0/12' } }));
      const page = await client().listSharedRepositories({ center: 'self' });
      expect(page.total).toBe(12);
    });

    it('gives a null total when neither is there', async () => {
      const { client } = fakeSwr(() => json([]));
      await expect(client().listSharedRepositories({ center: 'self' })).resolves.toEqual({
        items: [],
        total: null,
      });
    });

    it('takes the tag total from Content-Range only', async () => {
      const { client } = fakeSwr(() => json([tag], { headers: { 'Content-Range': '0-1/31' } }));
      await expect(client().listRepositoryTags('group', 'api')).resolves.toEqual({
        items: [tag],
        total: 31,
      });
    });

    it('gives a null tag total without Content-Range', async () => {
      const { client } = fakeSwr(() => json([{ ...tag, total_range: 4 }]));
      const page = await client().listRepositoryTags('group', 'api');
      expect(page.total).toBeNull();
    });
  });

  describe('bad responses', () => {
    async function badResponse(response: () => Response, call: (client: SwrClient) => unknown) {
      const { client } = fakeSwr(response);
      return rejection(Promise.resolve().then(() => call(client())));
    }

    it('reports a body that is not JSON', async () => {
      const error = await badResponse(
        () => new Response('<html>ok</html>', { headers: { 'X-Request-Id': 'swr-9' } }),
        (client) => client.listNamespaces(),
      );
      expect(isGraphQLError(error)).toBe(true);
      expect(error).toMatchObject({
        message: 'SWR sent an unusable response to GET v2/manage/namespaces: the body is not JSON',
        extensions: {
          code: 'UPSTREAM_BAD_RESPONSE',
          upstream: { status: 200, requestId: 'swr-9' },
        },
      });
    });

    it('reports an empty body', async () => {
      const error = await badResponse(
        () => new Response(null, { status: 204 }),
        (client) => client.showNamespace('group'),
      );
      expect(error).toMatchObject({
        extensions: { code: 'UPSTREAM_BAD_RESPONSE', upstream: { status: 204 } },
      });
    });

    it.each<[string, unknown, (client: SwrClient) => unknown, string]>([
      [
        'an object instead of an array',
        { items: [] },
        (client) => client.listSharedRepositories({ center: 'self' }),
        'body is not an array',
      ],
      [
        'a list item with a string size',
        [listItem(), { ...listItem(), size: '10' }],
        (client) => client.listSharedRepositories({ center: 'self' }),
        'body[1].size is not a number',
      ],
      [
        'a list item without a namespace',
        [{ ...listItem(), namespace: undefined }],
        (client) => client.listSharedRepositories({ center: 'self' }),
        'body[0].namespace is not a string',
      ],
      [
        'a list item with a non-string tag',
        [listItem({ tags: ['a', 1 as unknown as string] })],
        (client) => client.listSharedRepositories({ center: 'self' }),
        'body[0].tags is not an array of strings',
      ],
      [
        'a null list item',
        [null],
        (client) => client.listSharedRepositories({ center: 'self' }),
        'body[0] is not an object',
      ],
      [
        'a repository as an array',
        [detail],
        (client) => client.showRepository('group', 'api'),
        'body is not an object',
      ],
      [
        'a repository with a null id',
        { ...detail, id: null },
        (client) => client.showRepository('group', 'api'),
        'id is not a number',
      ],
      [
        'a tag with a numeric deleted',
        [{ ...tag, deleted: 0 }],
        (client) => client.listRepositoryTags('group', 'api'),
        'body[0].deleted is not a string or null',
      ],
      [
        'a sharing account with a string status',
        [{ ...domain, status: 'true' }],
        (client) => client.listRepoDomains('group', 'api'),
        'body[0].status is not a boolean',
      ],
      [
        'namespaces as a bare array',
        [namespace],
        (client) => client.listNamespaces(),
        'body.namespaces is not an array',
      ],
      [
        'a namespace with a string auth',
        { namespaces: [{ ...namespace, auth: '7' }] },
        (client) => client.listNamespaces(),
        'body.namespaces[0].auth is not a number',
      ],
      [
        'a namespace that is null',
        null,
        (client) => client.showNamespace('group'),
        'body is not an object',
      ],
    ])('reports %s', async (_label, body, call, detailText) => {
      const error = await badResponse(() => json(body), call);
      expect(isGraphQLError(error)).toBe(true);
      expect((error as GraphQLError).extensions).toEqual({
        code: 'UPSTREAM_BAD_RESPONSE',
        upstream: { status: 200 },
      });
      expect((error as GraphQLError).message).toMatch(new RegExp(`: ${escapeRegExp(detailText)}$`));
    });

    it('allows fields it does not know', async () => {
      const { client } = fakeSwr(() => json({ ...namespace, extra: { nested: true } }));
      await expect(client().showNamespace('group')).resolves.toMatchObject(namespace);
    });

    it('checks a page of 100 items cheaply', async () => {
      const body = JSON.stringify(
        Array.from({ length: 100 }, (_, i) => listItem({ name: `r${i}` })),
      );
      const { client } = fakeSwr(() => new Response(body));
      const swr = client();
      const started = performance.now();
      for (let round = 0; round < 200; round++) {
        await swr.listSharedRepositories({ center: 'self' });
      }
      expect((performance.now() - started) / 200).toBeLessThan(20);
    });
  });

  describe('failures', () => {
    it('rejects with the mapped GraphQL error, the token redacted', async () => {
      const { client } = fakeSwr(() =>
        json([{ errorCode: 'SVCSTG.SWR.4040010', errorMessage: `Image not found for ${TOKEN}` }], {
          status: 404,
          headers: { 'X-Request-Id': 'swr-1' },
        }),
      );
      const error = await rejection(client().showRepository('group', 'team/api'));
      expect(isGraphQLError(error)).toBe(true);
      expect((error as GraphQLError).toJSON()).toEqual({
        message:
          'SWR refused GET v2/manage/namespaces/group/repos/team$api (404 SVCSTG.SWR.4040010): Image not found for [redacted]',
        extensions: {
          code: 'NOT_FOUND',
          upstream: { status: 404, errorCode: 'SVCSTG.SWR.4040010', requestId: 'swr-1' },
        },
      });
    });

    it('puts the query string in the message', async () => {
      const { client } = fakeSwr(() =>
        json([{ errorCode: 'SVCSTG.SWR.4001025' }], { status: 400 }),
      );
      const error = await rejection(
        client().listSharedRepositories({ center: 'self', name: 'a/b' }),
      );
      expect(error).toMatchObject({
        message:
          'SWR refused GET v2/manage/shared-repositories?center=self&name=a%24b (400 SVCSTG.SWR.4001025)',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    it('refuses a malformed token without calling SWR', async () => {
      const { requests, client } = fakeSwr(() => json(namespace));
      for (const token of ['', 'two words', 'line\nbreak', 'tökén']) {
        const error = await rejection(client({ token }).showNamespace('group'));
        expect(isGraphQLError(error)).toBe(true);
        expect(error).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      }
      expect(requests).toHaveLength(0);
    });

    it('maps a body that stalls after the headers to a timeout', async () => {
      const { client } = fakeSwr(
        (request) =>
          new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('[{"name":'));
                request.signal.addEventListener('abort', () =>
                  controller.error(request.signal.reason),
                );
              },
            }),
          ),
        { timeoutMs: 30 },
      );
      const error = await rejection(client().listSharedRepositories({ center: 'self' }));
      expect(error).toMatchObject({
        message: 'SWR did not answer GET v2/manage/shared-repositories?center=self in time',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: { status: 200 } },
      });
    });

    it('maps a body stream that breaks mid-way to UPSTREAM_UNAVAILABLE', async () => {
      const { client } = fakeSwr(
        () =>
          new Response(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('[{"name":'));
                controller.error(new Error('socket hang up'));
              },
            }),
          ),
      );
      const error = await rejection(client().listSharedRepositories({ center: 'self' }));
      expect(error).toMatchObject({
        message: 'SWR could not be reached for GET v2/manage/shared-repositories?center=self',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: { status: 200 } },
      });
    });

    it('maps a cancelled call to UPSTREAM_UNAVAILABLE', async () => {
      const controller = new AbortController();
      const { client } = fakeSwr(
        (request) =>
          new Promise((_resolve, reject) => {
            request.signal.addEventListener('abort', () => reject(request.signal.reason));
            controller.abort();
          }),
      );
      const error = await rejection(client({ signal: controller.signal }).listNamespaces());
      expect(isGraphQLError(error)).toBe(true);
      expect((error as GraphQLError).toJSON()).toEqual({
        message: 'The SWR call GET v2/manage/namespaces was cancelled',
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
