import { builder } from './builder.js';
import { describeFederation } from './federation-descriptions.js';
import './scalars.js';
import './node.js';
import './namespace.js';
import './image-tag.js';
import './repository-share.js';
import './repository.js';
import './repository-share-mutations.js';
import './shared-repository.js';
import './entities.js';

builder.queryType({
  description: 'The SWR gateway. Every field calls SWR with the token the request carries.',
});

builder.mutationType({
  description:
    'Writes to SWR with the token the request carries: the sharing of repositories with other accounts. Relay input-object mutations: one `input` argument, a payload, `clientMutationId` echoed.',
});

/** Version of the Apollo Federation spec the subgraph links to. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/**
 * The executable schema: the public API plus what makes it an Apollo Federation v2 subgraph
 * (`_service`, `_entities` and the `@link`/`@key`/`@shareable` directives).
 */
export const schema = describeFederation(
  builder.toSubGraphSchema({
    linkUrl: FEDERATION_LINK,
    federationDirectives: ['@key', '@shareable'],
    sortSchema: true,
  }),
);
