import { builder } from './builder.js';
import './scalars.js';
import './node.js';
import './namespace.js';
import './image-tag.js';
import './repository-share.js';
import './repository.js';
import './shared-repository.js';

builder.queryType({
  description: 'The SWR gateway. Every field calls SWR with the token the request carries.',
});

/** The executable GraphQL schema. */
export const schema = builder.toSchema({ sortSchema: true });
