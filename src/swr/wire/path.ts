import { badUserInput } from '../../errors/public-error.js';

/** A UTF-16 surrogate without its pair: `encodeURIComponent` throws on it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A repository name as SWR takes it in paths and queries: every `/` becomes `$`. A name with a
 * literal `$` is refused as `BAD_USER_INPUT`, since SWR would read it back as `/`.
 */
export function swrName(name: string): string {
  if (name.includes('$'))
    throw badUserInput(`Invalid repository name "${name}": "$" is not allowed`);
  return name.replaceAll('/', '$');
}

/**
 * A value for an SWR query parameter. One that is not well-formed text (a lone surrogate) is
 * refused as `BAD_USER_INPUT`: `URLSearchParams` would quietly send U+FFFD instead.
 */
export function queryValue(value: string, what: string): string {
  if (LONE_SURROGATE.test(value)) throw badUserInput(`Invalid ${what}: not well-formed text`);
  return value;
}

/**
 * One URL path segment. `encodeURIComponent` turns `$` into `%24`; it is put back, so
 * `team$api` stays `team$api` as SWR expects. Empty, `.` and `..` segments would change the
 * route, and a lone surrogate would make `encodeURIComponent` throw, so they are refused as
 * `BAD_USER_INPUT` before any call.
 */
export function pathSegment(value: string, what: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw badUserInput(`Invalid ${what} "${value}"`);
  }
  if (LONE_SURROGATE.test(value)) throw badUserInput(`Invalid ${what}: not well-formed text`);
  return encodeURIComponent(value).replaceAll('%24', '$');
}
