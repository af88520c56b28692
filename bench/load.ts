import autocannon from 'autocannon';

/** Load generation with autocannon over loopback. */

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/graphql`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Responses received in the window. */
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** 200 responses whose body holds GraphQL `errors` (when `graphql`). */
  graphqlErrors: number;
  /** `X-Request-Id` of every request answered (when `idPrefix` is given). */
  answeredIds: Set<string>;
  /** How often each `extensions.code` appeared in GraphQL errors (when `graphql`). */
  errorCodes: Record<string, number>;
}

export interface LoadOptions {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  /** Sent in turn on each connection (two entries alternate, e.g. two tokens). */
  requests: HttpRequest[];
  connections: number;
  seconds: number;
  /** Count responses whose body contains `"errors"` as GraphQL errors. */
  graphql: boolean;
  /**
   * Give every request its own `X-Request-Id` (`<prefix><n>`) and collect those answered, so that
   * upstream calls can be attributed to the requests that completed in the window.
   */
  idPrefix?: string;
}

/** Runs one fixed-duration load and summarises it. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const answeredIds = new Set<string>();
  let next = 0;
  const { idPrefix } = options;
  const requests: autocannon.Request[] = options.requests.map((request) =>
    idPrefix === undefined
      ? request
      : {
          ...request,
          setupRequest: (built, context) => {
            const id = `${idPrefix}${next++}`;
            (context as { id?: string }).id = id;
            return { ...built, headers: { ...built.headers, 'x-request-id': id } };
          },
          onResponse: (_status, _body, context) => {
            const { id } = context as { id?: string };
            if (id !== undefined) answeredIds.add(id);
          },
        },
  );
  const errorCodes: Record<string, number> = {};
  const verifyBody = (body: unknown) => {
    const text = String(body);
    if (!text.includes('"errors"')) return true;
    const codes = [...text.matchAll(/"code":"([A-Z_0-9]{1,64})"/g)].map((match) => match[1]);
    for (const code of codes.length === 0 ? ['(no code)'] : codes) {
      errorCodes[code as string] = (errorCodes[code as string] ?? 0) + 1;
    }
    return false;
  };
  const result = await autocannon({
    url: options.origin,
    requests,
    connections: options.connections,
    duration: options.seconds,
    // Autocannon buffers every body anyway; this only scans it.
    verifyBody: options.graphql ? verifyBody : undefined,
  });
  const total = result.requests.total;
  return {
    requests: total,
    seconds: result.duration,
    requestsPerSecond: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    graphqlErrors: result.mismatches,
    answeredIds,
    errorCodes,
  };
}
