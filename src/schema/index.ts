import { builder } from './builder.js';
import './scalars.js';
import './shared-repository.js';

builder.queryType({
  description: 'The SWR gateway. Every field calls SWR with the token the request carries.',
});

/** The executable GraphQL schema. */
export const schema = builder.toSchema({ sortSchema: true });
