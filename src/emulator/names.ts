import { SwrError } from './errors.js';

const NAMESPACE = /^[a-z](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const REPOSITORY = /^[a-z0-9](?:[a-z0-9._/-]{0,126}[a-z0-9])?$/;

/**
 * Organization name rule: a lower-case letter first, then letters, digits, `.`, `_`, `-`, ending
 * in a letter or digit, 1–64 characters, no adjacent separators except a double `_`.
 */
export function isValidNamespace(name: string): boolean {
  return NAMESPACE.test(name) && !/[._-]{2}/.test(name.replaceAll('__', '_'));
}

/** Repository name rule: 1–128 characters of `[a-z0-9._/-]`, alphanumeric at both ends, no `//`. */
export function isValidRepositoryName(name: string): boolean {
  return REPOSITORY.test(name) && !name.includes('//');
}

/** 400 `SVCSTG.SWR.4001028` for a bad organization name. */
export function assertNamespace(name: string): void {
  if (!isValidNamespace(name)) {
    throw new SwrError(400, 'SVCSTG.SWR.4001028', `Invalid organization name "${name}"`);
  }
}

/** 400 `SVCSTG.SWR.4001029` for a bad repository name. */
export function assertRepositoryName(name: string): void {
  if (!isValidRepositoryName(name)) {
    throw new SwrError(400, 'SVCSTG.SWR.4001029', `Invalid image name "${name}"`);
  }
}
