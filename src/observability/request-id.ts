/** What an incoming `X-Request-Id` may look like to be adopted (anything else gets a new id). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const ids = new WeakMap<Request, string>();

/**
 * The id of `request`: the caller's `X-Request-Id` when it is sane, otherwise a new UUID. The same
 * request always gets the same id, so the context, the log line, the span and the `X-Request-Id`
 * response header agree even when the id was generated.
 */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    const incoming = request.headers.get('x-request-id');
    id = incoming !== null && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    ids.set(request, id);
  }
  return id;
}
