import { createGraphQLError, type FetchAPI, type Plugin } from 'graphql-yoga';
import { SecurityErrorCode } from './error-codes.js';

function payloadTooLarge(maxBytes: number) {
  return createGraphQLError(`The request body is larger than ${maxBytes} bytes.`, {
    extensions: { code: SecurityErrorCode.PAYLOAD_TOO_LARGE, http: { status: 413 } },
  });
}

/**
 * Refuses a GraphQL request whose body is larger than `maxBytes` (`MAX_BODY_BYTES`) with HTTP
 * 413 and `PAYLOAD_TOO_LARGE`, without ever holding more than `maxBytes` of it:
 *
 * - a `Content-Length` above the limit is refused before the body is read;
 * - otherwise (chunked bodies, or a `Content-Length` that lies) the body is counted as the
 *   request parser streams it, and the stream fails as soon as the count passes the limit.
 *
 * (yoga's own `maxRequestBodySize`, 25 MB by default, still applies after this one.)
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
        throw payloadTooLarge(maxBytes);
      }
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((incoming) => parse(limited(incoming, maxBytes, fetchAPI)));
    },
  };
}

/**
 * `request` with a body that errors once more than `maxBytes` bytes have flowed through it.
 * Under node:http the body is whatwg-node's ponyfill stream, in `yoga.fetch` it may be a native
 * one: the transform and the request are built from the same implementation as the body.
 */
function limited(request: Request, maxBytes: number, fetchAPI: FetchAPI): Request {
  const body = request.body;
  if (body === null) return request;
  const Transform =
    body instanceof globalThis.ReadableStream
      ? globalThis.TransformStream
      : fetchAPI.TransformStream;
  let seen = 0;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          controller.error(payloadTooLarge(maxBytes));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    // @ts-expect-error `duplex` is required by Node for a stream body, missing from the DOM types
    duplex: 'half',
  });
}
