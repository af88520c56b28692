import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readToken } from '../../src/token.js';

const DOCS = ['README.md', 'docs/frontend-guide.md'];

interface RuleRow {
  row: string;
  headers: Headers;
  /** The token the row says is used, or null for a refusal. */
  token: string | null;
}

/** The rows of a "| Headers sent | Token used |" table: `Name: value` cells joined by "and". */
function ruleRows(markdown: string): RuleRow[] {
  const table = markdown.split('| Headers sent | Token used |')[1]?.split('\n\n')[0] ?? '';
  return table
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('|---'))
    .map((row) => {
      const [sent = '', used = ''] = row.split(' | ');
      const headers = new Headers();
      for (const [, name = '', value = ''] of sent.matchAll(/`([\w-]+): ?([^`]*)`/g)) {
        headers.append(name, value);
      }
      const token = /^`([^`]+)`\s*\|?$/.exec(used.trim())?.[1] ?? null;
      return { row, headers, token };
    });
}

describe.each(DOCS)('the Authorization / X-Auth-Token rule in %s', (file) => {
  const rows = ruleRows(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));

  it('is a table covering one header, both, conflicts and malformed values', () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.some((row) => row.token === null)).toBe(true);
    expect(
      rows.some((row) => row.headers.has('authorization') && row.headers.has('x-auth-token')),
    ).toBe(true);
  });

  it('is what the gateway does', () => {
    for (const { row, headers, token } of rows) {
      expect(readToken(headers).token, row).toBe(token);
      if (token === null) expect(readToken(headers).problem ?? 'no token', row).toBeTruthy();
    }
  });
});
