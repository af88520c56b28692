import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestGateway } from '../helpers/gateway.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface CostExample {
  row: string;
  document: string;
  cost: number;
  refused: boolean;
}

/**
 * The rows of the README's cost table: `| <query, or N aliases of <query>> | <… = cost> |
 * accepted or refused |`, each query a `{ … }`-less selection in backticks.
 */
function costExamples(markdown: string): CostExample[] {
  const section = markdown.split('**Cost.**')[1]?.split('\n\n**')[0] ?? '';
  return [
    ...section.matchAll(/^\| (\d+ aliases of )?`([^`]+)` \| ([^|]+) \| (accepted|refused)\b/gm),
  ].map(([row, aliases, selection = '', cost = '', outcome]) => {
    const count = aliases === undefined ? 1 : Number.parseInt(aliases, 10);
    const fields = Array.from({ length: count }, (_, i) =>
      count === 1 ? selection : `a${i}: ${selection}`,
    );
    return {
      row,
      document: `{ ${fields.join('\n')} }`,
      cost: Number((cost.split('=').at(-1) ?? '').replace(/[^\d]/g, '')),
      refused: outcome === 'refused',
    };
  });
}

describe('the README’s query cost examples', () => {
  const examples = costExamples(README);

  it('exist, including the aliased 100-item pages', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(examples.some((example) => /^\| 30 aliases of .*first: 100/.test(example.row))).toBe(
      true,
    );
  });

  it('cost what the README says', async () => {
    // With MAX_COST 1 every example is refused, and the refusal carries the computed cost.
    const gateway = createTestGateway({ settings: { maxCost: 1 } });
    for (const example of examples) {
      const result = await gateway.query(example.document);
      expect(result.errors?.[0]?.extensions, example.row).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        cost: example.cost,
      });
    }
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it('are accepted or refused under the default MAX_COST as the README says', async () => {
    const gateway = createTestGateway();
    for (const example of examples) {
      const result = await gateway.query(example.document);
      const codes = (result.errors ?? []).map((error) => error.extensions?.code);
      expect(codes, example.row).toEqual(example.refused ? ['QUERY_TOO_COMPLEX'] : []);
    }
  });
});
