import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { listen, type RunningServer } from '../../src/listen.js';
import {
  createDeploymentsSubgraph,
  type DeploymentRecord,
} from '../helpers/deployments-subgraph.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const TOKEN = 'fed-user';
const SECRET = 'router-secret-0123456789abcdef';
/** The router's environment, which the README's snippet reads through `process.env`. */
const ROUTER_ENV: Record<string, string> = { ROUTER_SECRET: SECRET };

/**
 * The header the README's Hive Gateway snippet (section "Joining a federated graph", under "Only
 * the router reads the SDL") adds for the swr subgraph: its one line `'<name>': process.env.<VAR>,`,
 * read as a name and the variable of the router's environment that holds its value.
 */
function readmeHiveGatewayHeader(): { name: string; variable: string } {
  const section = README.split('**Only the router reads the SDL.**')[1] ?? '';
  const snippet = /```ts\n\/\/ Hive Gateway \(gateway\.config\.ts\)[^\n]*\n([\s\S]*?)```/.exec(
    section,
  )?.[1];
  const line = /^'([a-z-]+)': process\.env\.([A-Z_]+),$/.exec(snippet?.trim() ?? '');
  if (!line?.[1] || !line[2]) throw new Error(`no Hive Gateway header line in README: ${snippet}`);
  return { name: line[1], variable: line[2] };
}

/** The federation SDL of the subgraph at `url`, read as a composition tool reads it. */
async function serviceSdl(url: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as {
    data?: { _service?: { sdl?: string } } | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  const sdl = body.data?._service?.sdl;
  if (body.errors !== undefined || sdl === undefined) {
    const why = (body.errors ?? []).map((error) => `${error.extensions?.code}: ${error.message}`);
    throw new Error(`could not read the SDL of ${url}: ${why.join('; ')}`);
  }
  return sdl;
}

describe('a Hive Gateway composes from the running subgraph with GRAPHQL_INTROSPECTION=false', () => {
  const emulator = createEmulator();
  const header = readmeHiveGatewayHeader();
  let swr: RunningServer;
  /** The header's value on each request swr-bff received (undefined: not sent). */
  const received: Array<string | string[] | undefined> = [];
  let deploymentsServer: Server;
  let deploymentsUrl: string;
  const gateways: Array<ReturnType<typeof createGatewayRuntime>> = [];

  beforeAll(async () => {
    const { introspection, routerSecret } = loadConfig({
      GRAPHQL_INTROSPECTION: 'false',
      ROUTER_SECRET: SECRET,
    });
    swr = await listen(
      createApp({ ...TEST_SETTINGS, introspection, routerSecret }, { fetch: emulator.fetch }),
      { port: 0, host: '127.0.0.1' },
    );
    swr.server.on('request', (request) => void received.push(request.headers[header.name]));
    const deployments: DeploymentRecord[] = emulator
      .account(TOKEN)
      .sharedRepositories('self')
      .slice(0, 3)
      .map((repository, index) => ({
        id: `d${index}`,
        environment: 'prod',
        tag: 'latest',
        namespace: repository.namespace,
        name: repository.name,
      }));
    deploymentsServer = createServer(createDeploymentsSubgraph(deployments));
    await new Promise<void>((resolve) => deploymentsServer.listen(0, '127.0.0.1', resolve));
    deploymentsUrl = `http://127.0.0.1:${(deploymentsServer.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.dispose();
    await swr?.close();
    await new Promise((resolve) => deploymentsServer?.close(resolve));
  });

  /**
   * A Hive Gateway runtime whose supergraph is composed (`@apollo/composition`) from the SDL the
   * two running subgraphs serve, the swr one read with `swrHeaders`, which the gateway also adds
   * to every swr subgraph request beside the caller's token, as the README's snippets say.
   */
  function hiveGateway(swrHeaders: Record<string, string>) {
    const gateway = createGatewayRuntime({
      supergraph: async () => {
        const composed = composeServices([
          {
            name: 'swr',
            url: `${swr.url}/graphql`,
            typeDefs: parse(await serviceSdl(`${swr.url}/graphql`, swrHeaders)),
          },
          {
            name: 'deployments',
            url: deploymentsUrl,
            typeDefs: parse(await serviceSdl(deploymentsUrl, {})),
          },
        ]);
        if (composed.errors !== undefined) throw new Error(composed.errors.join('\n'));
        return composed.supergraphSdl;
      },
      logging: false,
      maskedErrors: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request, subgraphName }) =>
          subgraphName === 'swr'
            ? {
                authorization: request.headers.get('authorization'),
                'x-auth-token': request.headers.get('x-auth-token'),
                ...swrHeaders,
              }
            : undefined,
      },
    });
    gateways.push(gateway);
    return async (text: string) => {
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: text }),
      });
      return (await response.json()) as {
        // biome-ignore lint/suspicious/noExplicitAny: results of ad-hoc test documents
        data?: any;
        errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
      };
    };
  }

  const CROSSING = '{ deployments { id image { namespace name sizeBytes } } }';

  it('reads the SDL with the README’s header, composes, and serves a query through to swr-bff', async () => {
    const value = ROUTER_ENV[header.variable];
    expect(value).toBe(SECRET);
    const query = hiveGateway({ [header.name]: value as string });
    emulator.resetCalls();
    received.length = 0;
    const result = await query(CROSSING);
    expect(result.errors).toBeUndefined();
    expect(result.data.deployments).toHaveLength(3);
    for (const deployment of result.data.deployments) {
      const detail = emulator
        .account(TOKEN)
        .repository(deployment.image.namespace, deployment.image.name);
      expect(deployment.image.sizeBytes).toBe(detail?.size);
    }
    expect(emulator.callCount('showRepository')).toBe(3);
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(received.every((sent) => sent === SECRET)).toBe(true);
  });

  it.each([
    ['without the header', {}],
    ['with a wrong secret', { [header.name]: 'not-the-router-secret-0123' }],
  ])(
    'fails composition %s, with ROUTER_ONLY in the error, and serves nothing',
    async (_, headers) => {
      const query = hiveGateway(headers);
      emulator.resetCalls();
      const result = await query(CROSSING);
      expect(result.data ?? null).toBeNull();
      expect(JSON.stringify(result.errors)).toContain('ROUTER_ONLY');
      expect(emulator.callCount()).toBe(0);
    },
  );
});
