/** What the cache keeps of one successful SWR GET. */
export interface CachedResponse {
  /** The parsed JSON body. */
  readonly body: unknown;
  /**
   * The JSON text `body` was parsed from, when the caller has it: the entry then embeds it as is
   * instead of serialising `body` again (`JSON.stringify` was 40 % of the cache's CPU on cold
   * views). It must be the exact text `body` came from.
   */
  readonly text?: string;
  /** The few response headers the gateway reads (e.g. `content-range`), lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Version of the stored JSON; any other value reads as a miss. */
export const ENTRY_VERSION = 1;

interface StoredEntry {
  v: typeof ENTRY_VERSION;
  /** The generations the entry was written under (see `keys.ts`). */
  g: string;
  b: unknown;
  h: Readonly<Record<string, string>>;
}

export function encodeEntry(generations: string, response: CachedResponse): string {
  const { body, text, headers } = response;
  if (text === undefined) {
    const stored: StoredEntry = { v: ENTRY_VERSION, g: generations, b: body, h: headers };
    return JSON.stringify(stored);
  }
  const head = JSON.stringify({ v: ENTRY_VERSION, g: generations, h: headers });
  return `${head.slice(0, -1)},"b":${text}}`;
}

/**
 * The response in `text` if it is a well-formed entry written under `generations`; `undefined`
 * for anything else (unparseable JSON, another version or shape, an older generation).
 */
export function decodeEntry(text: string, generations: string): CachedResponse | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isStoredEntry(stored) || stored.g !== generations) return undefined;
  return { body: stored.b, headers: stored.h };
}

function isStoredEntry(value: unknown): value is StoredEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  if (entry.v !== ENTRY_VERSION || typeof entry.g !== 'string' || !('b' in entry)) return false;
  const headers = entry.h;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return false;
  return Object.values(headers).every((header) => typeof header === 'string');
}
