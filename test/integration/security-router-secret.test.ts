import { describe, expect, it } from 'vitest';
import type { AppSettings } from '../../src/app.js';
import { createTestGateway } from '../helpers/gateway.js';

const SECRET = 'router-secret-0123456789abcdef';
const SDL_QUERY = '{ _service { sdl } }';

interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
}

function gateway(settings: Partial<AppSettings>) {
  const { app, emulator } = createTestGateway({ settings });
  /** GET with only a CSRF header (no token), as the probe in issue 12 did. */
  const get = async (query: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await app.yoga.fetch(
      `http://gateway.test/graphql?query=${encodeURIComponent(query)}`,
      { headers: { 'x-graphql-yoga-csrf': '1', ...headers } },
    );
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const post = async (
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const response = await app.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  return { get, post, emulator };
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const sdlOf = (answer: Answer) => (answer.body.data?._service as { sdl?: string } | undefined)?.sdl;

describe('_service { sdl } with GRAPHQL_INTROSPECTION=false answers only the router', () => {
  it('refuses _service without the router secret, over GET and POST, with ROUTER_ONLY', async () => {
    const gw = gateway({ introspection: false, routerSecret: SECRET });
    for (const answer of [
      await gw.get(SDL_QUERY),
      await gw.post(SDL_QUERY),
      await gw.post(SDL_QUERY, {}, { 'x-router-secret': 'not-the-secret' }),
      await gw.post(SDL_QUERY, {}, { 'x-router-secret': `${SECRET}x` }),
      await gw.post('query { ...F } fragment F on Query { _service { sdl } }'),
      await gw.post('query { ... on Query { s: _service { sdl } } }'),
    ]) {
      expect(codes(answer)).toEqual(['ROUTER_ONLY']);
      expect(answer.body.data ?? null).toBeNull();
      expect(JSON.stringify(answer.body)).not.toContain('sharedRepositories');
    }
    expect(gw.emulator.callCount()).toBe(0);
  });

  it('answers 403 under application/graphql-response+json', async () => {
    const gw = gateway({ introspection: false, routerSecret: SECRET });
    const answer = await gw.post(SDL_QUERY, {}, { accept: 'application/graphql-response+json' });
    expect(answer.status).toBe(403);
    expect(codes(answer)).toEqual(['ROUTER_ONLY']);
  });

  it('serves the SDL to the caller that sends X-Router-Secret: ROUTER_SECRET', async () => {
    const gw = gateway({ introspection: false, routerSecret: SECRET });
    const answer = await gw.post(SDL_QUERY, {}, { 'x-router-secret': SECRET });
    expect(answer.body.errors).toBeUndefined();
    expect(sdlOf(answer)).toContain('sharedRepositories');
    expect((await gw.get(SDL_QUERY, { 'x-router-secret': SECRET })).body.errors).toBeUndefined();
  });

  it('refuses _service to everyone while ROUTER_SECRET is unset', async () => {
    const gw = gateway({ introspection: false, routerSecret: undefined });
    expect(codes(await gw.get(SDL_QUERY))).toEqual(['ROUTER_ONLY']);
    expect(codes(await gw.post(SDL_QUERY, {}, { 'x-router-secret': '' }))).toEqual(['ROUTER_ONLY']);
  });

  it('leaves _entities to the caller’s token (it reads only what the token may read)', async () => {
    const gw = gateway({ introspection: false, routerSecret: SECRET });
    const answer = await gw.post(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Namespace { name } } }',
      { r: [{ __typename: 'Namespace', name: 'nobody-has-this' }] },
      { authorization: 'Bearer alice' },
    );
    expect(codes(answer)).not.toContain('ROUTER_ONLY');
    expect(gw.emulator.callCount()).toBe(1);
  });

  it('keeps serving _service without a secret while introspection is on', async () => {
    const gw = gateway({ introspection: true, routerSecret: SECRET });
    expect(sdlOf(await gw.get(SDL_QUERY))).toContain('sharedRepositories');
  });
});
