import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/** The SDL of a small second subgraph that references swr-bff's `Repository` by key. */
export const DEPLOYMENTS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Repository @key(fields: "namespace name") {
    namespace: String!
    name: String!
    "Where this image runs."
    deployments: [Deployment!]!
  }

  type Deployment {
    id: ID!
    environment: String!
    tag: String!
    image: Repository!
  }

  type Query {
    deployments: [Deployment!]!
  }
`;

export interface DeploymentRecord {
  id: string;
  environment: string;
  tag: string;
  namespace: string;
  name: string;
}

/** A "deployments" subgraph over fixed data, as a Yoga app (serve it with `listen`-like code). */
export function createDeploymentsSubgraph(deployments: DeploymentRecord[]) {
  const schema = buildSubgraphSchema({
    typeDefs: parse(DEPLOYMENTS_SDL),
    resolvers: {
      Query: { deployments: () => deployments },
      Deployment: {
        image: (deployment: DeploymentRecord) => ({
          namespace: deployment.namespace,
          name: deployment.name,
        }),
      },
      Repository: {
        __resolveReference: (reference: { namespace: string; name: string }) => reference,
        deployments: (repository: { namespace: string; name: string }) =>
          deployments.filter(
            (deployment) =>
              deployment.namespace === repository.namespace && deployment.name === repository.name,
          ),
      },
    },
  });
  return createYoga({ schema, logging: false, graphqlEndpoint: '/graphql' });
}
