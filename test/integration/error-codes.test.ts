import { describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../helpers/gateway.js';

interface Answer {
  status: number;
  body: {
    data?: unknown;
    errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  };
  errorLogLines: string[];
}

/** POSTs `body` as `application/graphql-response+json` wants it, and collects error-level logs. */
async function send(gateway: TestGateway, body: string): Promise<Answer> {
  gateway.logs.length = 0;
  const response = await gateway.app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: 'Bearer alice',
    },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
    errorLogLines: gateway.logs.filter(
      (line) => (JSON.parse(line) as { level: number }).level >= 50,
    ),
  };
}

const json = (query: string, variables?: Record<string, unknown>) =>
  JSON.stringify({ query, variables });
const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

describe('every error has a stable code, the right status and no error-level stack', () => {
  it('refuses a subscription with OPERATION_NOT_SUPPORTED and 400, not 500 with two stacks', async () => {
    const gateway = createTestGateway();
    const answer = await send(gateway, json('subscription { __typename }'));
    expect(codes(answer)).toEqual(['OPERATION_NOT_SUPPORTED']);
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.errorLogLines).toEqual([]);
  });

  it('refuses an _entities representation of an unknown __typename as BAD_USER_INPUT', async () => {
    const gateway = createTestGateway();
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
    for (const typename of ['Nope', 'ImageTag', 'Query']) {
      const answer = await send(gateway, json(query, { r: [{ __typename: typename }] }));
      expect(codes(answer), typename).toEqual(['BAD_USER_INPUT']);
      expect(answer.status, typename).toBe(400);
      expect(answer.errorLogLines, typename).toEqual([]);
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('codes variables that do not coerce as BAD_USER_INPUT, 400', async () => {
    const gateway = createTestGateway();
    const query = 'query($n: Int) { sharedRepositories(center: SELF, first: $n) { totalCount } }';
    const answer = await send(gateway, json(query, { n: 'x' }));
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.body.errors?.[0]?.extensions?.argument).toBe('n');
    expect(answer.body.errors?.[0]?.message).toMatch(/^Variable "\$n" got invalid value "x"/);
    expect(answer.status).toBe(400);
    const missing = await send(
      gateway,
      json('query($c: ShareCenter!) { sharedRepositories(center: $c) { totalCount } }'),
    );
    expect(codes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(gateway.emulator.callCount()).toBe(0);
    expect(answer.errorLogLines).toEqual([]);
  });

  it('does not echo extensions.originalError for an invalid JSON body', async () => {
    const gateway = createTestGateway();
    const answer = await send(gateway, '{"query": ');
    expect(codes(answer)).toEqual(['BAD_REQUEST']);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).not.toHaveProperty('originalError');
    expect(JSON.stringify(answer.body)).not.toMatch(/SyntaxError|Unexpected end/);
  });

  it('gives every argument error one shape: a field error with its path, and data', async () => {
    const gateway = createTestGateway();
    const badName = await send(gateway, json('{ namespace(name: "BAD!") { name } }'));
    const badSize = await send(
      gateway,
      json('{ sharedRepositories(center: SELF, first: 1000) { totalCount } }'),
    );
    for (const [label, answer, path] of [
      ['namespace', badName, ['namespace']],
      ['first', badSize, ['sharedRepositories']],
    ] as const) {
      expect(codes(answer), label).toEqual(['BAD_USER_INPUT']);
      expect(answer.body.errors?.[0]?.path, label).toEqual(path);
      expect(answer.body, label).toHaveProperty('data');
      expect(answer.status, label).toBe(200);
      expect(answer.errorLogLines, label).toEqual([]);
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });
});
