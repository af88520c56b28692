import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { listen } from '../../src/listen.js';
import { type HttpGateway, startHttpGateway } from '../clients/http-gateway.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

/** Status code and reason phrase of a GET, as the raw HTTP/1.1 status line carries them. */
function statusLine(url: string): Promise<{ status: number; reason: string }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, reason: response.statusMessage ?? '' });
    })
      .on('error', reject)
      .end();
  });
}

describe('reason phrases over real HTTP', () => {
  let gateway: HttpGateway;

  beforeAll(async () => {
    gateway = await startHttpGateway();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('are the standard ones on /healthz, /readyz and /metrics', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect(await statusLine(`${gateway.url}${path}`), path).toEqual({
        status: 200,
        reason: 'OK',
      });
    }
  });

  it('is "Service Unavailable" on /readyz once shutting down', async () => {
    const app = createApp(TEST_SETTINGS);
    const server = await listen(app, { port: 0, host: '127.0.0.1' });
    try {
      app.observability.health.beginShutdown();
      expect(await statusLine(`${server.url}/readyz`)).toEqual({
        status: 503,
        reason: 'Service Unavailable',
      });
    } finally {
      await server.close();
    }
  });
});
