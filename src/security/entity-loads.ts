import {
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
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
 * Variables that do not coerce are left to execution, which reports them.
 */
export function useEntityLoadLimit(options: { maxEntities: number }): Plugin {
  const { maxEntities } = options;
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const loads = entityLoads(args);
      if (loads === null) return;
      if (loads.distinct > maxEntities) {
        setResultAndStopExecution({ errors: [tooManyEntities(loads.distinct, maxEntities)] });
      }
    },
  };
}

interface EntityLoads {
  /** Distinct ids and representations asked for. */
  distinct: number;
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
        for (const key of fieldKeys(queryType, selection, variables)) keys.add(key);
      }
    }
  };
  visit(operation.selectionSet);
  return { distinct: keys.size };
}

/** The keys one entity field asks for: ids as `id:<id>`, representations as `entity:<json>`. */
function fieldKeys(
  queryType: GraphQLObjectType,
  field: FieldNode,
  variables: Record<string, unknown>,
): string[] {
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
  return (values.representations as unknown[]).map(
    (representation) => `entity:${canonicalJson(representation)}`,
  );
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
