import type { GraphiQLOptions } from 'graphql-yoga';

const EXAMPLE_QUERY = `# Images other accounts shared with you, newest first.
query SharedImages($after: String) {
  sharedRepositories(
    center: THIRD_PARTY
    first: 10
    after: $after
    orderBy: { field: UPDATED_AT, direction: DESC }
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { namespace name domainName sizeBytes tagCount updatedAt shareActive }
  }
}
`;

/** GraphiQL as served on `/graphql` to browsers. `emulated`: the upstream is the demo emulator. */
export function graphiqlOptions(emulated: boolean): GraphiQLOptions {
  const token = emulated ? 'demo' : '<your IAM token>';
  return {
    title: 'swr-bff: SWR GraphQL gateway',
    defaultQuery: EXAMPLE_QUERY,
    headers: JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2),
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  };
}
