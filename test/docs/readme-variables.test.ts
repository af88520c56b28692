import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Every `.ts` file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(ROOT, dir, file), 'utf8'));
}

/** The environment variables `text` reads from `process.env` by name. */
function envReads(text: string): string[] {
  return [...text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] ?? '');
}

describe('the README names every environment variable', () => {
  it('that src/config.ts validates', () => {
    const config = readFileSync(join(ROOT, 'src/config.ts'), 'utf8');
    const schemaKeys = [...config.matchAll(/^ {2,4}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1] ?? '');
    expect(schemaKeys).toContain('MAX_DEPTH');
    const missing = schemaKeys.filter((name) => !README.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('that `npm test` reads (CHROMIUM_PATH for the browser tests…), except CI’s own', () => {
    const read = new Set(sources('test').flatMap(envReads));
    read.delete('CI');
    expect(read.has('CHROMIUM_PATH')).toBe(true);
    const missing = [...read].filter((name) => !new RegExp(`\\b${name}\\b`).test(README));
    expect(missing).toEqual([]);
  });
});
