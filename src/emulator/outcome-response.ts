import type { Outcome } from './internals.js';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The error an in-process fetch rejects with when the "connection" drops, as undici's fetch does. */
export function connectionDropped(): TypeError {
  const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  return new TypeError('fetch failed', { cause });
}

/** A body stream that delivers the first half of `bytes` and then fails. */
function truncatedStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) {
        controller.error(new TypeError('terminated', { cause: connectionDropped().cause }));
        return;
      }
      sent = true;
      controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
  });
}

/** Turns an outcome into what global `fetch` would give: a Response, or a rejection for `reset`. */
export function toResponse(outcome: Outcome): Response {
  switch (outcome.kind) {
    case 'reset':
      throw connectionDropped();
    case 'truncate': {
      const bytes = new TextEncoder().encode(outcome.body);
      const headers = { ...outcome.headers, 'Content-Length': String(bytes.length) };
      return new Response(truncatedStream(bytes), { status: 200, headers });
    }
    case 'response': {
      const empty = outcome.body === '' || NULL_BODY_STATUSES.has(outcome.status);
      return new Response(empty ? null : outcome.body, {
        status: outcome.status,
        headers: outcome.headers,
      });
    }
  }
}
