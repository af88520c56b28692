import { readdirSync, readFileSync } from 'node:fs';
import {
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  typeFromAST,
} from 'graphql';
import { projectFile } from '../project-root.js';

/** `schema/operations/`: the example operations, also compiled into `src/generated/`. */
export const OPERATIONS_DIR = projectFile('schema/operations/');

/** One GraphiQL tab made from an operation file. */
export interface OperationTab {
  /** File name, such as `shared-images.graphql`. */
  file: string;
  /** Name of the file's first operation, or the file name when it has none. */
  name: string;
  /** The file's text, comments included. */
  query: string;
  /** Example values for the variables the operation requires (those without a default). */
  variables: Record<string, unknown>;
  /** True when the file holds a mutation: running it writes to SWR. */
  writes: boolean;
}

/**
 * Reads every `*.graphql` file of `dir`, sorted by name, into a tab with example variables. A
 * missing directory gives no tabs; a file that does not parse is still shown (GraphiQL then
 * points at the syntax error), with no variables.
 */
export function loadOperationTabs(
  schema: GraphQLSchema,
  dir: URL = OPERATIONS_DIR,
): OperationTab[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.graphql'));
  } catch {
    return [];
  }
  return files.sort().map((file) => {
    const query = readFileSync(new URL(file, dir), 'utf8');
    const { name, variables, writes } = describe(schema, query);
    return { file, name: name ?? file, query, variables, writes };
  });
}

function describe(
  schema: GraphQLSchema,
  query: string,
): { name: string | undefined; variables: Record<string, unknown>; writes: boolean } {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query);
  } catch {
    return { name: undefined, variables: {}, writes: /\bmutation\b/.test(query) };
  }
  let name: string | undefined;
  let writes = false;
  const variables: Record<string, unknown> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    name ??= definition.name?.value;
    writes ||= definition.operation === 'mutation';
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue !== undefined || variable.type.kind !== Kind.NON_NULL_TYPE) {
        continue;
      }
      const type = typeFromAST(schema, variable.type) as GraphQLInputType | undefined;
      if (type !== undefined) {
        variables[variable.variable.name.value] = example(type, variable.variable.name.value);
      }
    }
  }
  return { name, variables, writes };
}

/** A value of `type` that passes GraphQL's input coercion, for a variable or field `name`. */
export function example(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return example(type.ofType, name);
  if (isListType(type)) return [example(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0]?.name ?? null;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) {
        value[field.name] = example(field.type, field.name);
      }
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'SafeInt':
        return 10;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'DateTime':
        return '2024-01-01T00:00:00.000Z';
    }
  }
  return `<${name}>`;
}
