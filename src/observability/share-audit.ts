import { errorCodeOf } from '../errors/public-error.js';

/** The sharing mutations, the bounded `operation` label of their metric. */
export type ShareMutationName =
  | 'createRepositoryShare'
  | 'updateRepositoryShare'
  | 'deleteRepositoryShare';

/** What the audit log and the metrics learn of one sharing mutation (never the token). */
export interface ShareMutationAudit {
  operation: ShareMutationName;
  namespace: string;
  repository: string;
  /** The account the repository is (to be) shared with. */
  account: string;
  /** `ok`, or `error` with the error's `extensions.code`. */
  outcome: 'ok' | 'error';
  /** `OK`, or the error's `extensions.code` (`INTERNAL_SERVER_ERROR` for a bug). */
  code: string;
  /** `UNKNOWN` when the write may or may not have happened. */
  writeOutcome?: 'UNKNOWN';
}

/** The audit record of a mutation that ended with `error` (or `undefined` on success). */
export function shareMutationOutcome(
  error: unknown,
): Pick<ShareMutationAudit, 'outcome' | 'code' | 'writeOutcome'> {
  if (error === undefined) return { outcome: 'ok', code: 'OK' };
  const code = errorCodeOf(error);
  const extensions = (error as { extensions?: Record<string, unknown> }).extensions;
  return {
    outcome: 'error',
    code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
    ...(extensions?.outcome === 'UNKNOWN' ? { writeOutcome: 'UNKNOWN' as const } : {}),
  };
}
