import { readdirSync, readFileSync } from 'node:fs';
import { getVariableValues, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/emulator/demo-accounts.js';
import { FieldErrorCode as ErrorCode } from '../../src/errors/codes.js';
import { type GatewayGraphiQLOptions, GRAPHIQL_ASSETS_PREFIX } from '../../src/graphiql/index.js';
import { REAL_SWR_WRITE_WARNING } from '../../src/graphiql/options.js';
import { ERROR_GUIDE } from '../../src/graphiql/welcome.js';
import { schema } from '../../src/schema/index.js';
import { type HttpGateway, startHttpGateway } from '../clients/http-gateway.js';
import { createTestGateway } from '../helpers/gateway.js';

const OPERATIONS = new URL('../../schema/operations/', import.meta.url);

/** `src="…"` and `href="…"` values of an HTML page. */
function references(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map(
    (match) => match[1] ?? '',
  );
}

/** The options GraphiQL starts with, from the page's JSON data block. */
function pageOptions(html: string): GatewayGraphiQLOptions {
  const json = /<script id="graphiql-options" type="application\/json"[^>]*>([^<]*)<\/script>/.exec(
    html,
  )?.[1];
  if (json === undefined) throw new Error('no options in the page');
  return JSON.parse(json) as GatewayGraphiQLOptions;
}

async function graphiqlPage(url: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/html');
  return response.text();
}

describe('the GraphiQL page, over HTTP', () => {
  let gateway: HttpGateway;
  let html: string;

  beforeAll(async () => {
    gateway = await startHttpGateway();
    html = await graphiqlPage(gateway.url);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('references only files of its own origin, and the server has each of them', async () => {
    const origin = new URL(gateway.url).origin;
    const refs = references(html);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\./i);
    for (const ref of refs) {
      const url = new URL(ref, `${gateway.url}/graphql`);
      expect(url.origin, ref).toBe(origin);
      expect(url.pathname.startsWith(GRAPHIQL_ASSETS_PREFIX), ref).toBe(true);
      const response = await fetch(url);
      expect(response.status, ref).toBe(200);
      expect((await response.arrayBuffer()).byteLength, ref).toBeGreaterThan(1000);
    }
  });

  it('serves a script whose workers are beside it, and styles with nothing but inline data', async () => {
    const [script] = references(html).filter((ref) => ref.endsWith('.js'));
    if (script === undefined) throw new Error('no script');
    const scriptUrl = new URL(script, gateway.url);
    const js = await (await fetch(scriptUrl)).text();
    expect(js).toContain('YogaGraphiQL');
    const workers = [...js.slice(0, 2000).matchAll(/'([\w.]+\.worker\.js)'/g)].map((m) => m[1]);
    expect(workers).toEqual(['editor.worker.js', 'json.worker.js', 'graphql.worker.js']);
    for (const worker of workers) {
      const response = await fetch(new URL(worker ?? '', scriptUrl));
      expect(response.status, worker).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
    }

    const [styles] = references(html).filter((ref) => ref.endsWith('.css'));
    const css = await (await fetch(new URL(styles ?? '', gateway.url))).text();
    expect(css).not.toMatch(/@import/);
    const urls = [...css.matchAll(/url\(\s*["']?([^"')]*)/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith('data:') && !url.startsWith('#'))).toEqual([]);
  });

  it('caches the files for a year, gzips them, and answers 404 for another version', async () => {
    const [script] = references(html).filter((ref) => ref.endsWith('.js'));
    const url = new URL(script ?? '', gateway.url);
    const response = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const etag = response.headers.get('etag');
    await response.arrayBuffer();
    const again = await fetch(url, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    const stale = await fetch(new URL(`${GRAPHIQL_ASSETS_PREFIX}0.0.0/graphiql.js`, gateway.url));
    expect(stale.status).toBe(404);
    const post = await fetch(url, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
  });

  it('redirects GET and HEAD / to /graphql, and leaves other roots alone', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(`${gateway.url}/`, { method, redirect: 'manual' });
      expect(response.status, method).toBe(302);
      expect(response.headers.get('location'), method).toBe('/graphql');
    }
    const post = await fetch(`${gateway.url}/`, { method: 'POST', redirect: 'manual' });
    expect(post.status).toBe(404);
    const other = await fetch(`${gateway.url}/index.html`, { redirect: 'manual' });
    expect(other.status).toBe(404);
  });

  it('says it is the emulator, and pre-fills the demo token', () => {
    const options = pageOptions(html);
    expect(html).toContain('embedded SWR emulator');
    expect(options.title).toContain('demo');
    expect(JSON.parse(options.headers ?? '{}')).toEqual({ Authorization: 'Bearer demo' });
    for (const tab of options.defaultTabs ?? []) {
      expect(JSON.parse(tab.headers ?? '{}')).toEqual({ Authorization: 'Bearer demo' });
    }
  });

  it('lists the demo accounts to share with in the welcome tab, and no real-SWR warning', () => {
    const [welcome, ...tabs] = pageOptions(html).defaultTabs ?? [];
    for (const account of DEMO_ACCOUNTS) expect(welcome?.query).toContain(account.accountName);
    expect(welcome?.query).toContain('a restart resets');
    expect(tabs.some((tab) => tab.query?.includes('createRepositoryShare'))).toBe(true);
    for (const tab of tabs) expect(tab.query).not.toContain('REAL SWR');
  });

  it('has a welcome tab with the error codes, then a tab per operation file with valid variables', () => {
    const [welcome, ...tabs] = pageOptions(html).defaultTabs ?? [];
    for (const code of Object.values(ErrorCode)) expect(welcome?.query).toContain(code);
    expect(Object.keys(ERROR_GUIDE).sort()).toEqual(Object.values(ErrorCode).sort());
    expect(validate(schema, parse(welcome?.query ?? ''))).toEqual([]);

    const files = readdirSync(OPERATIONS)
      .filter((file) => file.endsWith('.graphql'))
      .sort()
      .map((file) => readFileSync(new URL(file, OPERATIONS), 'utf8'));
    expect(tabs.map((tab) => tab.query)).toEqual(files);
    for (const tab of tabs) {
      const document = parse(tab.query ?? '');
      expect(validate(schema, document)).toEqual([]);
      const variables = JSON.parse(tab.variables ?? '{}') as Record<string, unknown>;
      for (const definition of document.definitions) {
        if (definition.kind !== 'OperationDefinition') continue;
        const coerced = getVariableValues(schema, definition.variableDefinitions ?? [], variables);
        expect(coerced.errors, tab.query ?? '').toBeUndefined();
      }
    }
  });
});

describe('the GraphiQL page against a real SWR region', () => {
  it('has the token placeholder and no demo banner', async () => {
    const gateway = createTestGateway();
    const response = await gateway.app.yoga.fetch('http://gateway.test/graphql', {
      headers: { accept: 'text/html' },
    });
    const html = await response.text();
    const options = pageOptions(html);
    expect(html).not.toContain('swr-notice');
    expect(options.title).not.toContain('demo');
    expect(JSON.parse(options.headers ?? '{}')).toEqual({
      Authorization: 'Bearer <your IAM token>',
    });
    expect(options.defaultTabs?.[0]?.query).not.toContain('DEMO MODE');
    const tabs = options.defaultTabs?.slice(1) ?? [];
    const writing = tabs.filter((tab) => /^\s*mutation\b/m.test(tab.query ?? ''));
    expect(writing.length).toBeGreaterThan(0);
    for (const tab of writing) {
      expect(tab.query?.startsWith(REAL_SWR_WRITE_WARNING)).toBe(true);
      expect(validate(schema, parse(tab.query ?? ''))).toEqual([]);
    }
    for (const tab of tabs) {
      if (!writing.includes(tab)) expect(tab.query).not.toContain('REAL SWR');
    }
    expect(html).toContain('GraphiQL');
  });
});
