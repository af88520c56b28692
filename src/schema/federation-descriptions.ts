import { assertObjectType, assertScalarType, assertUnionType, type GraphQLSchema } from 'graphql';

/**
 * Gives the types and fields that the federation plugin adds the descriptions every other part of
 * the schema has, for GraphiQL's docs explorer.
 */
export function describeFederation(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const entities = query?.getFields()._entities;
  const service = query?.getFields()._service;
  if (entities) {
    entities.description =
      'Apollo Federation: resolves entity references for a router (SharedRepository and Repository by `namespace name`, Namespace by `name`). Not meant for direct use.';
    const [representations] = entities.args;
    if (representations) {
      representations.description = 'Entity references: `{ __typename, ...key fields }` each.';
    }
  }
  if (service) {
    service.description =
      "Apollo Federation: this subgraph's schema with federation directives, for composition.";
  }
  assertScalarType(schema.getType('_Any')).description =
    'Apollo Federation: an entity reference, `{ __typename, ...key fields }`.';
  assertUnionType(schema.getType('_Entity')).description =
    'Apollo Federation: every type other subgraphs can reference by key.';
  assertObjectType(schema.getType('_Service')).description =
    'Apollo Federation: information about this subgraph.';
  return schema;
}
