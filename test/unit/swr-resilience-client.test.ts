import { describe, expect, it } from 'vitest';
import { SwrClient } from '../../src/swr/client.js';
import type { UpstreamCallEvent } from '../../src/swr/observer.js';
import { createSwrUpstream } from '../../src/swr/upstream.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const clock = { now: () => 0, random: () => 0, sleep: async () => {} };

function setup(handler: () => Response) {
  const upstream = createSwrUpstream(
    {
      ...TEST_SETTINGS,
      swrEndpoint: 'https://swr.test',
      swrBreakerThreshold: 3,
      swrBreakerMinCallers: 1,
    },
    async () => handler(),
    { clock },
  );
  const events: UpstreamCallEvent[] = [];
  const client = () =>
    new SwrClient(upstream, {
      token: 'secret-token',
      requestId: 'req-7',
      onCall: (event) => events.push(event),
    });
  return { upstream, events, client };
}

describe('SwrClient over the resilient upstream', () => {
  it('labels every attempt with the client method, never the URL', async () => {
    let calls = 0;
    const { events, client } = setup(() =>
      ++calls === 1 ? new Response('', { status: 502 }) : Response.json({ namespaces: [] }),
    );
    await expect(client().listNamespaces()).resolves.toEqual([]);
    expect(
      events.map(({ route, method, attempt, outcome, status, requestId }) => ({
        route,
        method,
        attempt,
        outcome,
        status,
        requestId,
      })),
    ).toEqual([
      {
        route: 'listNamespaces',
        method: 'GET',
        attempt: 1,
        outcome: 'http-error',
        status: 502,
        requestId: 'req-7',
      },
      {
        route: 'listNamespaces',
        method: 'GET',
        attempt: 2,
        outcome: 'ok',
        status: 200,
        requestId: 'req-7',
      },
    ]);
  });

  it('turns an open circuit into UPSTREAM_UNAVAILABLE through toGraphQLError', async () => {
    const { upstream, events, client } = setup(() => new Response('', { status: 500 }));
    await expect(client().showNamespace('group')).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: { status: 500 } },
    });
    expect(upstream.breaker.status.state).toBe('open');
    const error = await client()
      .showNamespace('group')
      .catch((reason: unknown) => reason);
    expect((error as { toJSON(): unknown }).toJSON()).toEqual({
      message:
        'SWR is unavailable; the circuit breaker is open after repeated SWR failures, so GET v2/manage/namespaces/group was not sent. Retry in a few seconds.',
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(events.at(-1)).toMatchObject({ route: 'showNamespace', outcome: 'circuit-open' });
  });
});
