import { IncomingMessage } from 'node:http';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { publicError } from '../errors/public-error.js';

/** yoga's own body limit (`maxRequestBodySize`), which `useBodyLimit` replaces up to this size. */
const YOGA_MAX_BODY_BYTES = 25_000_000;

/**
 * yoga's `maxRequestBodySize` for `MAX_BODY_BYTES`: `false` (yoga's check off) when `useBodyLimit`
 * is the stricter limit, as it is by default, so that the body is not counted twice.
 */
export function yogaBodyLimit(maxBytes: number): number | false {
  return maxBytes <= YOGA_MAX_BODY_BYTES ? false : YOGA_MAX_BODY_BYTES;
}

/** What yoga answers to a malformed `Content-Length` (its check is off, see `yogaBodyLimit`). */
function invalidContentLength() {
  return publicError(ErrorCode.BAD_REQUEST, 'Content-Length header is invalid.', {
    extensions: { http: { status: 400 } },
  });
}

function payloadTooLarge(maxBytes: number) {
  return publicError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `The request body is larger than ${maxBytes} bytes.`,
    { extensions: { http: { status: 413 } } },
  );
}

/**
 * Refuses a GraphQL request whose body is larger than `maxBytes` (`MAX_BODY_BYTES`) with HTTP
 * 413 and `PAYLOAD_TOO_LARGE`, without ever holding more than `maxBytes` of it:
 *
 * - a `Content-Length` above the limit is refused before the body is read (a malformed one gets
 *   yoga's 400 `BAD_REQUEST`, as with yoga's own limit);
 * - otherwise (chunked bodies, or a `Content-Length` that may lie) the body is counted as the
 *   request parser streams it, and the stream fails as soon as the count passes the limit.
 *
 * A request read by `node:http` with a `Content-Length` within the limit is not counted: Node's
 * HTTP parser delivers exactly that many bytes, never more. (Counting costs a stream pipeline
 * per request.) yoga's own limit is off below 25 MB (see `yogaBodyLimit`).
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!/^\d+$/.test(declared)) throw invalidContentLength();
        if (Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
        if ((serverContext as { req?: unknown }).req instanceof IncomingMessage) return;
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
