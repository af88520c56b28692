import { describe, expect, it } from 'vitest';
import {
  CreateRepositoryShareDocument,
  DeleteRepositoryShareDocument,
} from '../../src/generated/graphql.js';
import { unsharedRepository } from '../helpers/emulator-sharing.js';
import { createTestGateway } from '../helpers/gateway.js';

const URL_ = 'http://gateway.test/graphql';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

const codes = (body: Body) => (body.errors ?? []).map((error) => error.extensions?.code);
const hashOf = (document: unknown) =>
  (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? '';

function setup(settings: Parameters<typeof createTestGateway>[0] = {}) {
  const gateway = createTestGateway(settings);
  const repo = unsharedRepository(gateway.emulator, 'alice');
  const variables = { namespace: repo.namespace, name: repo.name, accessDomain: 'bob' };
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await gateway.app.yoga.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  return { gateway, variables, post };
}

const CREATE = `mutation Create($namespace: String!, $name: String!, $accessDomain: String!) {
  createRepositoryShare(input: { namespace: $namespace, name: $name, accessDomain: $accessDomain }) { share { id } }
}`;

describe('sharing mutations and the request guards', () => {
  it('refuses a mutation over GET (405), even with a token and a CSRF header', async () => {
    const { gateway, variables } = setup();
    const search = new URLSearchParams({ query: CREATE, variables: JSON.stringify(variables) });
    const response = await gateway.app.yoga.fetch(`${URL_}?${search}`, {
      headers: { authorization: 'Bearer alice', 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('refuses a persisted mutation over GET too', async () => {
    const { gateway, variables } = setup({ settings: { persistedOperations: 'only' } });
    const search = new URLSearchParams({
      documentId: hashOf(CreateRepositoryShareDocument),
      variables: JSON.stringify(variables),
    });
    const response = await gateway.app.yoga.fetch(`${URL_}?${search}`, {
      headers: { 'x-auth-token': 'alice' },
    });
    expect(response.status).toBe(405);
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('refuses a form-style POST (CSRF) before any call', async () => {
    const { gateway, variables } = setup();
    const response = await gateway.app.yoga.fetch(URL_, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: 'Bearer alice' },
      body: JSON.stringify({ query: CREATE, variables }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('serves the three mutations by documentId under PERSISTED_OPERATIONS=only', async () => {
    const { gateway, variables, post } = setup({ settings: { persistedOperations: 'only' } });
    const created = await post({ documentId: hashOf(CreateRepositoryShareDocument), variables });
    expect(created.body.errors).toBeUndefined();
    const deleted = await post({ documentId: hashOf(DeleteRepositoryShareDocument), variables });
    expect(deleted.body.errors).toBeUndefined();
    expect(gateway.emulator.callCount('createRepoDomains')).toBe(1);
    expect(gateway.emulator.callCount('deleteRepoDomains')).toBe(1);
    const adHoc = await post({ query: CREATE, variables });
    expect(codes(adHoc.body)).toEqual(['PERSISTED_QUERY_ONLY']);
  });

  it('prices each mutation field at 10 (plus its selection), so MAX_COST bounds aliased writes', async () => {
    const { gateway, variables, post } = setup({ settings: { maxCost: 25 } });
    const field = (alias: string) =>
      `${alias}: createRepositoryShare(input: { namespace: $namespace, name: $name, accessDomain: $accessDomain }) { clientMutationId }`;
    const document = (count: number) =>
      `mutation ($namespace: String!, $name: String!, $accessDomain: String!) { ${Array.from(
        { length: count },
        (_, index) => field(`w${index}`),
      ).join(' ')} }`;
    const three = await post({ query: document(3), variables });
    expect(codes(three.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(three.body.errors?.[0]?.extensions).toMatchObject({ cost: 33, maxCost: 25 });
    expect(gateway.emulator.callCount()).toBe(0);
    const two = await post({ query: document(2), variables });
    expect(codes(two.body)).toEqual(['CONFLICT']);
    expect(gateway.emulator.callCount('createRepoDomains')).toBe(2);
  });
});

describe('audit and metrics of sharing mutations', () => {
  it('writes one info line per mutation, without the token, and counts outcomes by code', async () => {
    const { gateway, variables, post } = setup();
    const token = 'alice';
    await post({ query: CREATE, variables }, { 'x-request-id': 'audit-1' });
    await post({ query: CREATE, variables }, { 'x-request-id': 'audit-2' });
    const lines = gateway.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.audit === 'share');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        operation: 'createRepositoryShare',
        namespace: variables.namespace,
        repository: variables.name,
        account: 'bob',
        outcome: 'ok',
        code: 'OK',
        requestId: 'audit-1',
      }),
      expect.objectContaining({
        level: 30,
        operation: 'createRepositoryShare',
        outcome: 'error',
        code: 'CONFLICT',
        requestId: 'audit-2',
      }),
    ]);
    for (const line of lines) {
      expect(JSON.stringify(line)).not.toContain(`Bearer ${token}`);
      expect(Object.values(line)).not.toContain(token);
    }
    const refused = await post(
      { query: CREATE, variables: { ...variables, accessDomain: 'bob smith' } },
      { 'x-request-id': 'audit-3' },
    );
    expect(refused.body.errors?.[0]).toMatchObject({
      message: '`input.accessDomain` must not contain whitespace or control characters',
      extensions: { code: 'BAD_USER_INPUT', argument: 'input' },
    });
    const refusedLine = gateway.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.audit === 'share' && line.requestId === 'audit-3');
    expect(refusedLine).toMatchObject({
      outcome: 'error',
      code: 'BAD_USER_INPUT',
      account: 'bob smith',
    });
    expect(gateway.emulator.callCount('createRepoDomains')).toBe(2);
    const metrics = await gateway.app.observability.metrics.registry.metrics();
    expect(metrics).toContain(
      'swr_bff_share_mutations_total{operation="createRepositoryShare",code="BAD_USER_INPUT"} 1',
    );
    expect(metrics).toContain(
      'swr_bff_share_mutations_total{operation="createRepositoryShare",code="OK"} 1',
    );
    expect(metrics).toContain(
      'swr_bff_share_mutations_total{operation="createRepositoryShare",code="CONFLICT"} 1',
    );
  });
});
