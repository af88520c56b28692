import { SwrError } from './errors.js';

export type Query = Readonly<Record<string, string>>;

/**
 * Merges the legacy `filter=key::value|key::value` parameter into the query; its values win over
 * separate parameters of the same name. A malformed pair → 400 `SVCSTG.SWR.4001035`.
 */
export function withLegacyFilter(query: Query): Query {
  const { filter, ...rest } = query;
  if (filter === undefined || filter === '') return rest;
  const merged: Record<string, string> = { ...rest };
  for (const pair of filter.split('|')) {
    const separator = pair.indexOf('::');
    if (separator <= 0) {
      throw new SwrError(400, 'SVCSTG.SWR.4001035', `Invalid filtering criteria "${pair}"`);
    }
    merged[pair.slice(0, separator)] = pair.slice(separator + 2);
  }
  return merged;
}

/** A `true`/`false` parameter; absent → undefined, anything else → 400 with `code`. */
export function booleanParam(
  query: Query,
  name: string,
  code = 'SVCSTG.SWR.4001025',
): boolean | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new SwrError(400, code, `${name} must be true or false`);
}

/** A non-empty parameter, or undefined when absent or empty. */
export function textParam(query: Query, name: string): string | undefined {
  const value = query[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A repository name as sent in a path or query: `$` stands for `/`. */
export function decodeRepositoryName(name: string): string {
  return name.replaceAll('$', '/');
}
