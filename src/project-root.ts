import { existsSync } from 'node:fs';

/**
 * The project's root directory (the one holding `package.json`), as a `file:` URL ending in `/`.
 * Files the gateway reads at run time (`schema/operations/`, `src/generated/…`) are resolved from
 * it rather than from `import.meta.url`, which points into `src/` under tsx and vitest but into
 * `dist/` in the built server (`npm start`).
 */
export const PROJECT_ROOT: URL = findProjectRoot(new URL('.', import.meta.url));

function findProjectRoot(start: URL): URL {
  for (let dir = start; ; dir = new URL('..', dir)) {
    if (existsSync(new URL('package.json', dir))) return dir;
    if (dir.pathname === '/') {
      throw new Error(`No package.json above ${start.pathname}: cannot find the project root`);
    }
  }
}

/** `path` (relative to the project root, e.g. `schema/operations/`) as a `file:` URL. */
export function projectFile(path: string): URL {
  return new URL(path, PROJECT_ROOT);
}
