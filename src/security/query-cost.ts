import { createComplexityRule } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLError,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNullableType,
  isListType,
  isObjectType,
  validate,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { publicError } from '../errors/public-error.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../paging/page-size.js';

/**
 * The cost model: every selected field costs 1, and a field's subtree is counted once per item
 * the CLIENT asks for:
 * - a Relay connection (the builder's default connection complexity): `first` or `last` (the
 *   larger when both; `DEFAULT_PAGE_SIZE` when neither; between 1 and `MAX_PAGE_SIZE`, since a
 *   larger one is refused anyway and `first: 0 { totalCount }` still reads its subtree once).
 *   `edges` and `nodes` inside are plain lists, so the page is not counted twice;
 * - a list whose length a list argument chooses (`nodes(ids:)`): the number of elements;
 * - any other list (a repository's shares, the account's namespaces): once. SWR, not the
 *   query, decides its length, and it costs one SWR call however long it is.
 */
export function connectionComplexity(args: { first?: number | null; last?: number | null }): {
  field: number;
  multiplier: number;
} {
  const { first, last } = args;
  const requested =
    first == null && last == null ? DEFAULT_PAGE_SIZE : Math.max(first ?? 0, last ?? 0);
  return { field: 1, multiplier: Math.min(Math.max(requested, 1), MAX_PAGE_SIZE) };
}

/** The builder's `fieldComplexity`: the cost of fields without their own (see above). */
export function defaultFieldComplexity(
  args: Record<string, unknown>,
  _context: unknown,
  field: { type: GraphQLOutputType },
): { field: number; multiplier: number } {
  if (!isListType(getNullableType(field.type))) return { field: 1, multiplier: 1 };
  const lengths = Object.values(args)
    .filter((value): value is unknown[] => Array.isArray(value))
    .map((value) => value.length);
  return { field: 1, multiplier: Math.max(1, ...lengths) };
}

/** Most variable sets whose cost is remembered per document, and their longest key. */
const COSTS_PER_DOCUMENT = 100;
const MAX_KEY_LENGTH = 1024;

/**
 * Refuses an operation whose cost is above `maxCost` with `QUERY_TOO_COMPLEX`, before any
 * resolver runs (so before any SWR call).
 *
 * The cost comes from `@pothos/plugin-complexity` (the `complexity` of each field, see
 * `connectionComplexity`) and depends on the variables, so it is computed here, for every
 * execution, and not as a validation rule: yoga caches validation results per document, which
 * would let `first: $n` be measured with the first request's `$n` only. The limit belongs to the
 * app (`MAX_COST`), not to the schema, which is a module singleton shared by every app.
 *
 * The costs are remembered per parsed document (yoga's parser cache hands out the same document
 * for the same text) and per operation name and variable values (when short), which is all they
 * depend on: the field costs read arguments only, never the context. A repeated request is then
 * not walked again.
 *
 * Variables that do not coerce are left to execution, which reports them the usual way.
 */
export function useQueryCost(options: { maxCost: number }): Plugin {
  const { maxCost } = options;
  const known = new WeakMap<DocumentNode, Map<string, readonly number[]>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variableValues = (args.variableValues ?? {}) as Record<string, unknown>;
      let costs = known.get(args.document);
      if (costs === undefined) {
        costs = new Map();
        known.set(args.document, costs);
      }
      const key = `${args.operationName ?? ''}\0${JSON.stringify(variableValues)}`;
      let refused = costs.get(key);
      if (refused === undefined) {
        refused = excessiveCosts(args, variableValues, maxCost);
        if (key.length <= MAX_KEY_LENGTH) {
          if (costs.size >= COSTS_PER_DOCUMENT) costs.clear();
          costs.set(key, refused);
        }
      }
      if (refused.length > 0) {
        setResultAndStopExecution({ errors: refused.map((cost) => tooComplex(cost, maxCost)) });
      }
    },
  };
}

/** The costs above `maxCost` of the operations `args` may run (one, when it names one). */
function excessiveCosts(
  args: ExecutionArgs,
  variableValues: Record<string, unknown>,
  maxCost: number,
): number[] {
  const refused: number[] = [];
  withoutArgumentValidation(args.schema, () =>
    validate(args.schema, args.document, [
      createComplexityRule({
        context: (args.contextValue ?? {}) as object,
        variableValues,
        operationName: args.operationName,
        validate: ({ complexity }) => {
          if (complexity > maxCost) refused.push(complexity);
        },
      }),
    ]),
  );
  return refused;
}

interface MappedField {
  extensions: Record<string, unknown>;
  mappers: unknown;
}

const mappedFieldsBySchema = new WeakMap<GraphQLSchema, MappedField[]>();

/**
 * Runs `measure` with the Pothos argument mappers (`validate` of the validation plugin) set
 * aside. The complexity plugin maps a field's arguments before pricing it, so a bad argument
 * (`namespace: "BAD!"`) would abort pricing and come back as a request error without `path` or
 * `data`; priced without them, it is reported by execution at its field, with its path, like
 * every other argument error. The field costs read `first`, `last` and list lengths only, which
 * no mapper changes. `validate` is synchronous, so no execution sees the mappers missing.
 */
function withoutArgumentValidation<T>(schema: GraphQLSchema, measure: () => T): T {
  let fields = mappedFieldsBySchema.get(schema);
  if (fields === undefined) {
    fields = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const extensions = field.extensions as Record<string, unknown>;
        const mappers = extensions.pothosArgMappers;
        if (Array.isArray(mappers) && mappers.length > 0) fields.push({ extensions, mappers });
      }
    }
    mappedFieldsBySchema.set(schema, fields);
  }
  for (const field of fields) field.extensions.pothosArgMappers = [];
  try {
    return measure();
  } finally {
    for (const field of fields) field.extensions.pothosArgMappers = field.mappers;
  }
}

function tooComplex(cost: number, maxCost: number): GraphQLError {
  return publicError(
    ErrorCode.QUERY_TOO_COMPLEX,
    `Query cost ${cost} is above the limit of ${maxCost}. Ask for smaller pages (\`first\`/\`last\`) or fewer fields.`,
    {
      extensions: {
        cost,
        maxCost,
        // A request error: 400 under `application/graphql-response+json`.
        http: { status: 400, spec: true },
      },
    },
  );
}
