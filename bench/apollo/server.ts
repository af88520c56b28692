import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError } from 'graphql';
import { type PeerContext, resolvers, typeDefs } from './schema.js';
import { SwrApi } from './swr-api.js';

/**
 * The benchmark's peer: Apollo Server 5 with `@apollo/datasource-rest`, started as Apollo's docs
 * start one (`startStandaloneServer`, a context function that builds the data sources per
 * request). Environment: `SWR_ENDPOINT`, `PORT`, `HOST`, and `NODE_ENV=production` (set by the
 * benchmark, as in production).
 */

const endpoint = process.env.SWR_ENDPOINT;
if (!endpoint) throw new Error('SWR_ENDPOINT is required');

const server = new ApolloServer<PeerContext>({ typeDefs, resolvers });

const REQUEST_ID = /^[\w.:-]{1,128}$/;

const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 4000), host: process.env.HOST ?? '127.0.0.1' },
  context: async ({ req }) => {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) {
      throw new GraphQLError('A bearer token is required.', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
    const id = req.headers['x-request-id'];
    const requestId = typeof id === 'string' && REQUEST_ID.test(id) ? id : undefined;
    const { cache } = server;
    return {
      dataSources: { swr: new SwrApi({ baseURL: endpoint, token, requestId, cache }) },
    };
  },
});

process.stdout.write(`apollo peer is listening at ${url}\n`);
const stop = () => void server.stop().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
