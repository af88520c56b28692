import { DEMO_ACCOUNTS } from '../emulator/demo-accounts.js';
import type { FieldErrorCode } from '../errors/codes.js';

/**
 * What each stable `extensions.code` means and what a UI should do about it: shown in GraphiQL's
 * welcome tab and kept in step with `docs/frontend-guide.md` (a test compares both with
 * `ErrorCode`). Typed as a record so that a new code does not compile until it is described.
 */
export const ERROR_GUIDE: Record<FieldErrorCode, string> = {
  UNAUTHENTICATED: 'No, malformed or expired token: sign in again.',
  FORBIDDEN: 'SWR refused this account: say so, do not retry.',
  NOT_FOUND: 'Not there, or not visible to you: say so.',
  BAD_USER_INPUT: 'Arguments refused (names, sizes, cursor): fix them.',
  CONFLICT: 'Write clashes (already shared): re-read, do not resubmit.',
  RATE_LIMITED: 'Throttled: wait extensions.retryAfterMs milliseconds, then retry.',
  UPSTREAM_UNAVAILABLE: 'SWR down, slow or unreachable: retry later.',
  UPSTREAM_BAD_RESPONSE: 'SWR answered garbage: show an error, report it.',
  INTERNAL_SERVER_ERROR: 'Gateway bug (masked): show an error, report it.',
};

const QUERY = `query GettingStarted {
  sharedRepositories(
    center: THIRD_PARTY
    first: 5
    orderBy: { field: UPDATED_AT, direction: DESC }
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { namespace name domainName sizeBytes tagCount updatedAt shareActive }
  }
}
`;

/** The first GraphiQL tab: how to authenticate, page and read errors, then a query to run. */
export function welcomeText(options: { emulated: boolean; operationFiles: string[] }): string {
  const lines = [
    'Welcome to swr-bff: GraphQL in front of Huawei Cloud SWR.',
    '',
    ...(options.emulated
      ? [
          'DEMO MODE: this server talks to the embedded SWR emulator,',
          'not to Huawei Cloud. The demo token "demo" is already in',
          'the Headers pane below. Any token but "expired" works;',
          'each token is a demo account. The accounts share one',
          'world: a share one of them creates shows up in the',
          "other account's THIRD_PARTY list. Demo accounts (the",
          'token is the account name; share with that name):',
          `  ${DEMO_ACCOUNTS.map((account) => account.accountName).join(', ')}`,
          'Shares live in the emulator process: a restart resets',
          'them.',
          '',
        ]
      : []),
    'AUTHENTICATION: put your IAM token in the Headers pane:',
    '  {"Authorization": "Bearer <your IAM token>"}',
    'or {"X-Auth-Token": "<token>"}. IAM issues tokens at',
    '  POST https://iam.{region}.myhuaweicloud.com/v3/auth/tokens',
    '(the X-Subject-Token response header; valid 24 hours).',
    'The schema docs (book icon, top left) need no token.',
    '',
    'TABS: one per operation in schema/operations/, the typed',
    'documents clients import from "swr-bff/operations":',
    ...(options.operationFiles.length > 0
      ? options.operationFiles.map((file) => `  ${file}`)
      : ['  (none found)']),
    '',
    'WRITES: createRepositoryShare, updateRepositoryShare and',
    'deleteRepositoryShare (the repository-shares tab) share',
    'a repository with another account by its account name.',
    '',
    'PAGING: sharedRepositories is a Relay connection:',
    'first/after forward, last/before backward; 20 items by',
    'default, at most 100. A cursor is bound to the query that',
    'made it: with other filters or order it is BAD_USER_INPUT,',
    'so reset `after` when filters change. totalCount and',
    'pageInfo cost no extra SWR call.',
    '',
    'ERRORS: each error has a stable extensions.code (and',
    'extensions.upstream {status, errorCode, requestId} when',
    'SWR answered). What a UI should do:',
    ...Object.entries(ERROR_GUIDE).flatMap(([code, text]) => [`  ${code}`, `    ${text}`]),
    'Query limits (depth, aliases, cost, size, CSRF, persisted',
    'operations) have codes too: docs/frontend-guide.md lists',
    'every code.',
    '',
    'Run the query below: the play button, or Ctrl-Enter.',
  ];
  const comment = lines.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return `${comment}\n\n${QUERY}`;
}
