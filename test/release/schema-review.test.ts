import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  coordinateOf,
  reviewSchema,
  unreleasedSection,
} from '../../scripts/schema-review/review.js';

const RELEASED = `
type Query {
  """Images."""
  images(first: Int, center: String): [String!]!
  """A count."""
  count: Int
}
enum Center { SELF THIRD_PARTY }
`;

const WITHOUT_COUNT = RELEASED.replace('  """A count."""\n  count: Int\n', '');

const changelog = (unreleased: string, older = '') =>
  `# Changelog\n\n## [Unreleased]\n\n${unreleased}\n\n## [0.2.0] - 2026-12-05\n\n${older}\n`;

describe('reviewSchema', () => {
  it('passes a non-breaking change (a field added) without any changelog line', async () => {
    const current = RELEASED.replace('count: Int', 'count: Int\n  total: Int');
    const review = await reviewSchema({ released: RELEASED, current, changelog: changelog('') });
    expect(review.changes.map(coordinateOf)).toEqual(['Query.total']);
    expect(review.breaking).toEqual([]);
    expect(review.unannounced).toEqual([]);
  });

  it('reports a removed field that the Unreleased section does not name', async () => {
    const current = WITHOUT_COUNT;
    const review = await reviewSchema({
      released: RELEASED,
      current,
      changelog: changelog('### Added\n- Something else, `Query.images`.'),
    });
    expect(review.unannounced.map(coordinateOf)).toEqual(['Query.count']);
  });

  it('accepts a breaking change once the Unreleased section names its coordinate', async () => {
    const current = WITHOUT_COUNT.replace('center: String', 'center: Int');
    const review = await reviewSchema({
      released: RELEASED,
      current,
      changelog: changelog(
        '### Removed\n- **Breaking:** `Query.count`.\n- **Breaking:** `Query.images.center` is an Int.',
      ),
    });
    expect(review.breaking.map(coordinateOf).sort()).toEqual([
      'Query.count',
      'Query.images.center',
    ]);
    expect(review.unannounced).toEqual([]);
  });

  it('does not count a coordinate named only under an older release', async () => {
    const current = RELEASED.replace('THIRD_PARTY', '');
    const review = await reviewSchema({
      released: RELEASED,
      current,
      changelog: changelog('', '- **Breaking:** `Center.THIRD_PARTY` removed.'),
    });
    expect(review.unannounced.map(coordinateOf)).toEqual(['Center.THIRD_PARTY']);
  });
});

describe('unreleasedSection', () => {
  it('is the text between "## [Unreleased]" and the next release heading', () => {
    expect(unreleasedSection(changelog('- new', '- old')).trim()).toBe('- new');
    expect(unreleasedSection('# Changelog\n')).toBe('');
  });
});

// The repository itself is reviewed by `npm run schema:review` in .ci/run.
describe.concurrent('npm run schema:review', () => {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const temp = mkdtempSync(join(tmpdir(), 'schema-review-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  /** Runs the CLI on a project root laid out like this repository. */
  const run = (root: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const args = ['--import', 'tsx', join(repo, 'scripts/schema-review.ts'), root];
      const child = execFile(process.execPath, args, { cwd: repo }, (_error, stdout, stderr) =>
        resolve({ status: child.exitCode, stdout, stderr }),
      );
    });

  const project = (name: string, current: string, unreleased: string) => {
    const root = join(temp, name);
    mkdirSync(join(root, 'schema/released'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '1.2.3' }));
    writeFileSync(join(root, 'schema/released/v1.2.3.graphql'), RELEASED);
    writeFileSync(join(root, 'schema/schema.graphql'), current);
    writeFileSync(join(root, 'CHANGELOG.md'), changelog(unreleased));
    return root;
  };

  it('exits 1 and names the coordinate of an unannounced breaking change', async () => {
    const result = await run(project('unannounced', WITHOUT_COUNT, ''));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('[BREAKING] Query.count');
    expect(result.stderr).toContain('`Query.count`');
  });

  it('exits 0 when the changelog names it', async () => {
    const current = WITHOUT_COUNT;
    const result = await run(
      project('announced', current, '- **Breaking:** removed `Query.count`.'),
    );
    expect(result.stdout).toContain('[BREAKING] Query.count');
    expect(result.status).toBe(0);
  });

  it("exits 1 when the release snapshot of package.json's version is missing", async () => {
    const root = join(temp, 'no-snapshot');
    cpSync(project('source', RELEASED, ''), root, { recursive: true });
    rmSync(join(root, 'schema/released'), { recursive: true });
    const result = await run(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('schema/released/v1.2.3.graphql is missing');
  });
});
