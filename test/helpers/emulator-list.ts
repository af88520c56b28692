import type { Emulator } from '../../src/emulator/emulator.js';
import type { SwrRepositoryListItem } from '../../src/swr/wire/repository.js';

/**
 * The emulator's own full shared-images list for a query (no paging), read straight from its REST
 * API. The call is removed from the call log so tests can count the gateway's calls alone.
 */
export async function emulatorSharedList(
  emulator: Emulator,
  token: string,
  query: Record<string, string>,
): Promise<SwrRepositoryListItem[]> {
  const before = emulator.calls.length;
  const response = await emulator.fetch(
    `http://swr.emulator.test/v2/manage/shared-repositories?${new URLSearchParams(query)}`,
    { headers: { 'X-Auth-Token': token } },
  );
  if (response.status !== 200) throw new Error(`emulator answered ${response.status}`);
  const list = (await response.json()) as SwrRepositoryListItem[];
  if (emulator.calls.length !== before + 1) throw new Error('unexpected calls');
  emulator.resetCalls();
  return list;
}

/** `namespace/name@owner`, the identity of a shared repository. */
export const identity = (item: {
  namespace: string;
  name: string;
  domainName?: string;
  domain_name?: string;
}) => `${item.namespace}/${item.name}@${item.domainName ?? item.domain_name}`;
