/**
 * Runs `load` for every key and returns, in key order, each value or the `Error` it failed with:
 * the shape DataLoader expects, so one key's failure fails only that key.
 */
export async function settleEach<K, V>(
  keys: readonly K[],
  load: (key: K) => Promise<V>,
): Promise<Array<V | Error>> {
  const results = await Promise.allSettled(keys.map(load));
  return results.map((result) =>
    result.status === 'fulfilled'
      ? result.value
      : result.reason instanceof Error
        ? result.reason
        : new Error(String(result.reason)),
  );
}
