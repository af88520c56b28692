import {
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  isObjectType,
  isUnionType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { publicError } from '../errors/public-error.js';

/** The root fields that load entities by key, one SWR call (or more) per distinct key. */
const ENTITY_FIELDS = new Set(['node', 'nodes', '_entities']);

/**
 * Refuses, before any resolver runs (so with 0 SWR calls), a request that would load more than
 * `maxEntities` distinct entities through `node(id:)`, `nodes(ids:)` and
 * `_entities(representations:)`: `TOO_MANY_ENTITIES`, naming `MAX_ENTITIES`. The count is over
 * the whole operation, so aliases and repeated fields add up, and a key asked for twice counts
 * once (the request's DataLoaders fetch it once). Fields skipped by `@skip`/`@include` do not
 * count.
 *
 * Query cost (`MAX_COST`) counts these lists too, but as fields; it lets 3,000 ids through, and
 * each id can be its own SWR call. This limit prices them by the calls they can cause.
 *
 * An `_entities` representation whose `__typename` is not an entity of this subgraph is refused
 * here too, as `BAD_USER_INPUT`: `@apollo/subgraph` would throw a plain error for it, which
 * reaches the client as `INTERNAL_SERVER_ERROR`.
 *
 * Variables that do not coerce are left to execution, which reports them.
 */
export function useEntityLoadLimit(options: { maxEntities: number }): Plugin {
  const { maxEntities } = options;
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const loads = entityLoads(args);
      if (loads === null) return;
      if (loads.unknownTypename !== undefined) {
        setResultAndStopExecution({ errors: [unknownEntityType(loads.unknownTypename)] });
      } else if (loads.distinct > maxEntities) {
        setResultAndStopExecution({ errors: [tooManyEntities(loads.distinct, maxEntities)] });
      }
    },
  };
}

interface EntityLoads {
  /** Distinct ids and representations asked for. */
  distinct: number;
  /** The first `_entities` `__typename` that is not an entity of the schema. */
  unknownTypename?: string;
}

/** What the operation `args` runs loads by key; `null` when it cannot tell (execution reports). */
function entityLoads(args: ExecutionArgs): EntityLoads | null {
  const { schema, document } = args;
  const operation = getOperationAST(document, args.operationName);
  const queryType = schema.getQueryType();
  if (operation?.operation !== 'query' || !queryType) return null;
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    (args.variableValues ?? {}) as Record<string, unknown>,
  );
  if (coerced.errors) return null;
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }

  const keys = new Set<string>();
  const entityTypes = entityTypeNames(schema);
  let unknownTypename: string | undefined;
  const visited = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection, variables)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !visited.has(name)) {
          visited.add(name);
          visit(fragment.selectionSet);
        }
      } else if (ENTITY_FIELDS.has(selection.name.value)) {
        for (const key of fieldKeys(queryType, selection, variables)) {
          if (typeof key === 'string') {
            keys.add(key);
          } else {
            unknownTypename ??= entityTypes.has(key.typename) ? undefined : key.typename;
            keys.add(key.text);
          }
        }
      }
    }
  };
  visit(operation.selectionSet);
  return { distinct: keys.size, unknownTypename };
}

/** The keys one entity field asks for: ids as `id:<id>`, representations with their type. */
function fieldKeys(
  queryType: GraphQLObjectType,
  field: FieldNode,
  variables: Record<string, unknown>,
): Array<string | { typename: string; text: string }> {
  const definition = queryType.getFields()[field.name.value];
  if (!definition) return [];
  let values: Record<string, unknown>;
  try {
    values = getArgumentValues(definition, field, variables);
  } catch {
    return [];
  }
  if (field.name.value === 'node') return [`id:${String(values.id)}`];
  if (field.name.value === 'nodes') {
    return (values.ids as unknown[]).map((id) => `id:${String(id)}`);
  }
  return (values.representations as unknown[]).map((representation) => ({
    typename: typenameOf(representation),
    text: `entity:${canonicalJson(representation)}`,
  }));
}

function typenameOf(representation: unknown): string {
  const typename =
    typeof representation === 'object' && representation !== null
      ? Reflect.get(representation, '__typename')
      : undefined;
  return typeof typename === 'string' ? typename : String(typename);
}

/** JSON with object keys sorted, so two spellings of one representation are one key. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(Reflect.get(value, key))}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The object types `_entities` can resolve: the members of the `_Entity` union. */
function entityTypeNames(schema: GraphQLSchema): Set<string> {
  const union = schema.getType('_Entity');
  if (!isUnionType(union)) return new Set();
  return new Set(
    union
      .getTypes()
      .filter(isObjectType)
      .map((type) => type.name),
  );
}

function included(
  node: Parameters<typeof getDirectiveValues>[1],
  variables: Record<string, unknown>,
): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

function tooManyEntities(distinct: number, maxEntities: number) {
  return publicError(
    ErrorCode.TOO_MANY_ENTITIES,
    `This request loads ${distinct} distinct entities through \`node\`, \`nodes\` and \`_entities\`; the limit is ${maxEntities} (MAX_ENTITIES). Ask for fewer ids per request.`,
    {
      extensions: {
        entities: distinct,
        maxEntities,
        // A request error: 400 under `application/graphql-response+json`.
        http: { status: 400, spec: true },
      },
    },
  );
}

function unknownEntityType(typename: string) {
  const shown = JSON.stringify(typename.length > 64 ? `${typename.slice(0, 64)}…` : typename);
  return publicError(
    ErrorCode.BAD_USER_INPUT,
    `\`_entities\` got a representation of type ${shown}, which is not an entity of this subgraph.`,
    { extensions: { argument: 'representations', http: { status: 400, spec: true } } },
  );
}
