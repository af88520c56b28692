import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FieldErrorCode as ErrorCode } from '../../src/errors/codes.js';

const GUIDE = new URL('../../docs/frontend-guide.md', import.meta.url);

describe('docs/frontend-guide.md', () => {
  const text = readFileSync(GUIDE, 'utf8');

  it('has a row for every error code', () => {
    for (const code of Object.values(ErrorCode)) expect(text).toContain(`| \`${code}\` |`);
  });

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\((\.\.?\/[^)#\s]+)/g)].map((match) => match[1] ?? '');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(existsSync(new URL(link, GUIDE)), link).toBe(true);
  });
});
