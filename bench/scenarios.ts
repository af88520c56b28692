import { readFileSync } from 'node:fs';
import type { HttpRequest } from './load.js';

/** What the benchmark sends: the scenarios, their documents and tokens. */

/** Accounts of the embedded emulator: a token `name#n` holds n shared repositories per center. */
export const TOKEN_A = 'bench-a#100';
export const TOKEN_B = 'bench-b#100';
export const TOKEN_DEEP = 'bench#2500';

const TEN_FIELDS =
  'namespace name domainName category sizeBytes isPublic tagCount downloadCount updatedAt shareActive';

const PAGE = `query BenchPage { sharedRepositories(center: SELF, first: 20) {
  edges { node { ${TEN_FIELDS} } } } }`;

const PAGE_INFO = `query BenchPageInfo { sharedRepositories(center: SELF, first: 20) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { node { ${TEN_FIELDS} } } } }`;

const DEEP = `query BenchDeep($after: String) { sharedRepositories(center: SELF, first: 20, after: $after) {
  edges { node { ${TEN_FIELDS} } } } }`;

const WALK = `query BenchWalk($after: String) { sharedRepositories(center: SELF, first: 100, after: $after) {
  pageInfo { endCursor } } }`;

const IMAGES_PAGE = readFileSync(
  new URL('../schema/operations/shared-images-page.graphql', import.meta.url),
  'utf8',
);

export function graphqlRequest(
  query: string,
  token: string,
  variables: Record<string, unknown> = {},
): HttpRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  };
}

/** Sends one request; returns the parsed body of a 200 response without GraphQL errors, else throws. */
export async function send(origin: string, request: HttpRequest): Promise<unknown> {
  const response = await fetch(origin + request.path, request);
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) {
    throw new Error(
      `${request.method} ${request.path} → ${response.status}: ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text);
}

/** The cursor of item 999 of the big account, obtained by paging ten times with `first: 100`. */
async function cursorAtOffset999(origin: string): Promise<string> {
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const body = (await send(origin, graphqlRequest(WALK, TOKEN_DEEP, { after }))) as {
      data: { sharedRepositories: { pageInfo: { endCursor: string } } };
    };
    after = body.data.sharedRepositories.pageInfo.endCursor;
  }
  return after as string;
}

export interface Scenario {
  id: string;
  name: string;
  /** `emulator`: SWR's REST API hit directly, the baseline the gateway is compared with. */
  target: 'gateway' | 'emulator';
  /** The peers (Apollo) serve it too: the same document, the same SWR call. */
  peers: boolean;
  /** The requests sent in turn on each connection, for the server at `origin`. */
  requests(origin: string): Promise<HttpRequest[]>;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: '1',
    peers: true,
    name: 'page of 20, 10 fields',
    target: 'gateway',
    requests: async () => [graphqlRequest(PAGE, TOKEN_A)],
  },
  {
    id: '2',
    peers: true,
    name: '+ totalCount, pageInfo',
    target: 'gateway',
    requests: async () => [graphqlRequest(PAGE_INFO, TOKEN_A)],
  },
  {
    id: '3',
    peers: true,
    name: 'deep page (after offset 999 of 2500)',
    target: 'gateway',
    requests: async (origin) => [
      graphqlRequest(DEEP, TOKEN_DEEP, { after: await cursorAtOffset999(origin) }),
    ],
  },
  {
    id: '4',
    peers: false,
    name: 'SharedImagesPage (first 20, nested)',
    target: 'gateway',
    requests: async () => [graphqlRequest(IMAGES_PAGE, TOKEN_A, { center: 'SELF', first: 20 })],
  },
  {
    id: '5',
    peers: true,
    name: 'page of 20, two tokens alternating',
    target: 'gateway',
    requests: async () => [graphqlRequest(PAGE, TOKEN_A), graphqlRequest(PAGE, TOKEN_B)],
  },
  {
    id: 'rest',
    peers: false,
    name: 'REST: emulator direct, same page as 1',
    target: 'emulator',
    requests: async () => [
      {
        method: 'GET',
        path: '/v2/manage/shared-repositories?center=self&limit=20&offset=0',
        headers: { 'x-auth-token': TOKEN_A },
      },
    ],
  },
];
