// `npm run schema:review`: lists the changes of `schema/schema.graphql` against the last release's
// snapshot, `schema/released/v<package.json version>.graphql`, and exits 1 on a breaking change
// that CHANGELOG.md's Unreleased section does not name (see scripts/schema-review/review.ts).
//
// Releasing: move the Unreleased notes under a version heading, bump package.json's version, and
// copy schema/schema.graphql to schema/released/v<version>.graphql in the same commit.
//
// Usage: node --import tsx scripts/schema-review.ts [project root]   (default: this repository)
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coordinateOf, reviewSchema } from './schema-review/review.js';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

const { version } = JSON.parse(read('package.json')) as { version: string };
const releasedPath = `schema/released/v${version}.graphql`;
if (!existsSync(resolve(root, releasedPath))) {
  console.error(
    `${releasedPath} is missing: the schema of release ${version} (package.json's version) is the` +
      ' baseline. Copy schema/schema.graphql there in the release commit.',
  );
  process.exit(1);
}

const review = await reviewSchema({
  released: read(releasedPath),
  current: read('schema/schema.graphql'),
  changelog: read('CHANGELOG.md'),
});

console.log(`schema/schema.graphql against ${releasedPath}: ${review.changes.length} change(s)`);
for (const change of review.changes) {
  console.log(`  [${change.criticality.level}] ${coordinateOf(change)}: ${change.message}`);
}
if (review.unannounced.length > 0) {
  console.error(
    `\n${review.unannounced.length} breaking change(s) not named in CHANGELOG.md's Unreleased section:`,
  );
  for (const change of review.unannounced) console.error(`  \`${coordinateOf(change)}\``);
  console.error(
    '\nName each coordinate in backticks under "## [Unreleased]" (e.g. "- **Breaking:** removed' +
      ' `Query.foo`"), or restore the schema.',
  );
  process.exit(1);
}
