import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BufferedResponse } from './buffered-response.js';
import type { SwrFetch } from './http.js';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A WHATWG `fetch` for ky, over `node:http(s)` with keep-alive agents: Node's built-in fetch
 * (undici) costs about 0.3–0.5 ms of CPU per SWR call on this workload (see bench/README.md),
 * most of it in machinery a JSON GET does not need. The body is read whole before the promise
 * resolves; failures look like fetch's own (`TypeError('fetch failed')` with the socket error as
 * `cause`), and the signal's reason is what an aborted call rejects with.
 */
export function createKeepAliveFetch(options: { maxSockets?: number | undefined } = {}): SwrFetch {
  const agentOptions = poolOptions(options.maxSockets ?? 256);
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  return async (input, init) => {
    // ky hands over its Request and an empty init: building another Request costs ~35 µs.
    const request = input instanceof Request && isEmpty(init) ? input : new Request(input, init);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const { signal } = request;
    return new Promise<Response>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const outgoing = (secure ? httpsRequest : httpRequest)({
        agent: secure ? httpsAgent : httpAgent,
        hostname: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
      });
      let settled = false;
      const onAbort = () => outgoing.destroy(signal.reason);
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.once('error', fail);
      outgoing.once('response', (incoming: IncomingMessage) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.once('error', fail);
        incoming.once('close', () => {
          if (settled) return;
          if (!incoming.complete) {
            fail(Object.assign(new Error('the response body was cut off'), { code: 'ECONNRESET' }));
            return;
          }
          settled = true;
          signal.removeEventListener('abort', onAbort);
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
            else if (value !== undefined) responseHeaders.set(name, value);
          }
          const status = incoming.statusCode ?? 502;
          const init = { status, statusText: incoming.statusMessage, headers: responseHeaders };
          resolve(
            NULL_BODY_STATUSES.has(status)
              ? new Response(null, init)
              : new BufferedResponse(Buffer.concat(chunks), init),
          );
        });
      });
      outgoing.end(body);
    });
  };
}

function isEmpty(init: RequestInit | undefined): boolean {
  if (init === undefined) return true;
  for (const _ in init) return false;
  return true;
}

/**
 * At most `maxSockets` connections, all of them kept when idle. Node's agent otherwise opens one
 * connection per concurrent call, without bound, and closes idle ones beyond 256. Calls beyond the
 * cap wait in the agent's queue, first come first served. The default (256) sustains 2,500 calls/s
 * at 100 ms of SWR latency, more than one process can use; a lower cap serves a saturated fan-out
 * more fairly (bench/README.md: the nested scenario's p99 halves at 32 on loopback).
 */
function poolOptions(maxSockets: number) {
  return { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
}
