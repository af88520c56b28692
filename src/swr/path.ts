import { badUserInput } from '../errors/public-error.js';

/** A repository name as SWR takes it in paths and queries: every `/` becomes `$`. */
export function swrName(name: string): string {
  return name.replaceAll('/', '$');
}

/**
 * One URL path segment. `encodeURIComponent` turns `$` into `%24`; it is put back, so
 * `team$api` stays `team$api` as SWR expects. Empty, `.` and `..` segments would change the
 * route, so they are refused as `BAD_USER_INPUT` before any call.
 */
export function pathSegment(value: string, what: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw badUserInput(`Invalid ${what} "${value}"`);
  }
  return encodeURIComponent(value).replaceAll('%24', '$');
}
