import { SwrError } from '../errors.js';
import { assertNamespace } from '../names.js';
import { textParam, withLegacyFilter } from '../query.js';
import type { HandlerContext, Reply } from '../reply.js';
import { ok } from '../reply.js';

/** `GET /v2/manage/namespaces`: the caller's organizations, `namespace` as a substring filter. */
export function listNamespaces(context: HandlerContext): Reply {
  const filter = textParam(withLegacyFilter(context.query), 'namespace');
  const namespaces = context.account.namespaces.filter(
    (namespace) => filter === undefined || namespace.name.includes(filter),
  );
  return ok({ namespaces });
}

/** `GET /v2/manage/namespaces/{namespace}`: one of the caller's organizations, else 404. */
export function showNamespace(context: HandlerContext, name: string): Reply {
  assertNamespace(name);
  const namespace = context.account.namespaces.find((candidate) => candidate.name === name);
  if (namespace === undefined) {
    throw new SwrError(404, 'SVCSTG.SWR.4040058', `Organization ${name} not found`);
  }
  return ok(namespace);
}
