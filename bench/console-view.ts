import { readFileSync } from 'node:fs';
import type { EmulatorProcess } from './processes.js';

/** One console user's views: the requests the console workload sends, closed or open loop. */

const IMAGES_PAGE = readFileSync(
  new URL('../schema/operations/shared-images-page.graphql', import.meta.url),
  'utf8',
);
const REPOSITORY_DETAILS = readFileSync(
  new URL('../schema/operations/repository-details.graphql', import.meta.url),
  'utf8',
);

/** The steps of one console user, in order; `repeat` marks the repeat view the targets use. */
export const CONSOLE_STEPS = [
  { id: 'open', label: 'open the shared-images page' },
  { id: 'next1', label: 'page forward' },
  { id: 'next2', label: 'page forward again' },
  { id: 'back', label: 'back to the first page (repeat view)' },
  { id: 'details', label: "one repository's details" },
  { id: 'refresh', label: 'refresh the first page, Cache-Control: no-cache' },
] as const;
export type StepId = (typeof CONSOLE_STEPS)[number]['id'];

export interface UserState {
  token: string;
  pages: (string | null)[];
  repository?: { namespace: string; name: string };
}

interface PageBody {
  data?: {
    sharedRepositories?: {
      pageInfo: { endCursor: string | null };
      edges: { node: { namespace: string; name: string } }[];
    };
  };
  errors?: unknown[];
}

/** One view of `user` at `step`; updates the user's cursors; false when it failed. */
export async function viewOnce(
  origin: string,
  user: UserState,
  step: StepId,
  requestId: string,
): Promise<boolean> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${user.token}`,
    'x-request-id': requestId,
  };
  let body: unknown;
  if (step === 'details') {
    const repository = user.repository;
    if (repository === undefined) return false;
    body = { query: REPOSITORY_DETAILS, variables: repository };
  } else {
    const page = { open: 0, next1: 1, next2: 2, back: 0, refresh: 0 }[step];
    if (step === 'refresh') headers['cache-control'] = 'no-cache';
    body = {
      query: IMAGES_PAGE,
      variables: { center: 'SELF', first: 20, after: user.pages[page] ?? null },
    };
  }
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as PageBody;
  if (response.status !== 200 || parsed.errors !== undefined) return false;
  const list = parsed.data?.sharedRepositories;
  if (list !== undefined && (step === 'open' || step === 'next1')) {
    user.pages[step === 'open' ? 1 : 2] = list.pageInfo.endCursor;
    if (step === 'open') user.repository = list.edges[0]?.node;
  }
  return true;
}

/** The `p` quantile (0–1) of `values`, nearest rank; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

/** `items` rotated left by `by`: each step or slice puts another way first. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** A way's id as it appears in request ids and process names (`memory variant` → `memory-variant`). */
export function wayTag(wayId: string): string {
  return wayId.replace(' ', '-');
}

/** Takes the emulator's call counts and returns the SWR calls of request ids starting with `prefix`. */
export async function takeSwrCalls(emulator: EmulatorProcess, prefix: string): Promise<number> {
  let calls = 0;
  for (const [id, count] of Object.entries((await emulator.takeCalls()).byRequestId)) {
    if (id.startsWith(prefix)) calls += count;
  }
  return calls;
}
