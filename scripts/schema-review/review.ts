import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/** What changed between the released schema and the current one, and which breaks are unannounced. */
export interface SchemaReview {
  /** Every change graphql-inspector found, breaking or not, in its order. */
  changes: Change[];
  /** The breaking changes among them. */
  breaking: Change[];
  /** Breaking changes whose coordinate the changelog's Unreleased section does not name. */
  unannounced: Change[];
}

/**
 * Compares two SDL texts with graphql-inspector. A breaking change counts as announced when the
 * changelog's `## [Unreleased]` section names its schema coordinate in backticks, as in
 * ``- **Breaking:** removed `Query.sharedRepositories` ``, (`Type`, `Type.field`,
 * `Type.field.argument` or `Enum.VALUE`: inspector's `path` of the change).
 */
export async function reviewSchema(input: {
  released: string;
  current: string;
  changelog: string;
}): Promise<SchemaReview> {
  const changes = await diff(buildSchema(input.released), buildSchema(input.current));
  const breaking = changes.filter(
    (change) => change.criticality.level === CriticalityLevel.Breaking,
  );
  const named = namedCoordinates(unreleasedSection(input.changelog));
  const unannounced = breaking.filter((change) => !named.has(coordinateOf(change)));
  return { changes, breaking, unannounced };
}

/** The schema coordinate a change is about: inspector's `path`, else its change type. */
export function coordinateOf(change: Change): string {
  return change.path ?? change.type;
}

/** The text of the changelog's `## [Unreleased]` section, up to the next `## ` heading. */
export function unreleasedSection(changelog: string): string {
  const start = changelog.search(/^## \[Unreleased\]/m);
  if (start < 0) return '';
  const rest = changelog.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

function namedCoordinates(section: string): Set<string> {
  return new Set([...section.matchAll(/`([^`\s]+)`/g)].map((match) => match[1] ?? ''));
}
