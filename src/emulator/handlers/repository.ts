import { toRepositoryDetail } from '../account.js';
import type { HandlerContext, Reply } from '../reply.js';
import { ok } from '../reply.js';
import { readableRepository } from './repository-access.js';

/** `GET /v2/manage/namespaces/{namespace}/repos/{repository}`: the repository detail. */
export function showRepository(
  context: HandlerContext,
  namespace: string,
  repository: string,
): Reply {
  return ok(toRepositoryDetail(readableRepository(context, namespace, repository)));
}
