import type { IncomingMessage } from 'node:http';

/**
 * node:http keeps only the first of several `Authorization` headers in `req.headers`, so a request
 * carrying two would silently act with the first token. This joins them with `", "`, as the Fetch
 * `Headers` class does, so that `readToken` sees every value and refuses the request.
 */
export function keepRepeatedAuthorization(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  const values: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    if (raw[index]?.toLowerCase() === 'authorization') values.push(raw[index + 1] ?? '');
  }
  if (values.length > 1) req.headers.authorization = values.join(', ');
}
