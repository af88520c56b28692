import {
  type ASTVisitor,
  type FieldNode,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { isGraphQLError, publicError } from '../errors/public-error.js';

/**
 * Introspection is measured on its own terms: GraphiQL's and codegen's standard introspection
 * query is 15 field levels deep (long `ofType` chains), more than app queries need, so
 * `MAX_DEPTH` (armor) skips `__schema` and this limit applies instead. Nested lists, which is what
 * makes an introspection query explode (`types { fields { type { fields … } } }` multiplies by
 * the number of types at each level), are refused by graphql-js's own `MaxIntrospectionDepthRule`
 * (three nested `fields`, `interfaces`, `possibleTypes` or `inputFields`); that error is recoded
 * `QUERY_TOO_DEEP` here.
 */
export const INTROSPECTION_MAX_DEPTH = 20;

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** The message of graphql-js's `MaxIntrospectionDepthRule` (graphql ≥ 16.9). */
const GRAPHQL_INTROSPECTION_DEPTH_MESSAGE = 'Maximum introspection depth exceeded';

/**
 * `enabled: false` refuses `__schema` and `__type` (not `__typename`) with
 * `INTROSPECTION_DISABLED`. `enabled: true` refuses introspection deeper than
 * `max(maxDepth, INTROSPECTION_MAX_DEPTH)` field levels, or with too many nested lists, with
 * `QUERY_TOO_DEEP`.
 */
export function useIntrospectionPolicy(options: { enabled: boolean; maxDepth: number }): Plugin {
  const rule = options.enabled
    ? introspectionDepthRule(Math.max(options.maxDepth, INTROSPECTION_MAX_DEPTH))
    : noIntrospectionRule;
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
      return ({ valid, result }) => {
        if (valid) return;
        for (const error of result) {
          if (error.message === GRAPHQL_INTROSPECTION_DEPTH_MESSAGE && isGraphQLError(error)) {
            (error.extensions as Record<string, unknown>).code = ErrorCode.QUERY_TOO_DEEP;
          }
        }
      };
    },
  };
}

/** Like graphql's `NoSchemaIntrospectionCustomRule`, with a code and without naming the type. */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (INTROSPECTION_ROOTS.has(node.name.value)) {
      context.reportError(
        publicError(
          ErrorCode.INTROSPECTION_DISABLED,
          `Introspection is disabled on this server (\`${node.name.value}\`).`,
          { nodes: node },
        ),
      );
    }
  },
});

/** Refuses `__schema` / `__type` selections more than `maxDepth` field levels deep. */
export function introspectionDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const measure = createMeasure(context);
      for (const root of introspectionRoots(context, operation.selectionSet)) {
        const depth = measure(root);
        if (depth > maxDepth) {
          context.reportError(
            publicError(
              ErrorCode.QUERY_TOO_DEEP,
              `Introspection query depth limit of ${maxDepth} exceeded, found ${depth}.`,
              { nodes: root },
            ),
          );
          return;
        }
      }
    },
  });
}

/** The `__schema` / `__type` fields of a root selection set, through fragments. */
function introspectionRoots(context: ValidationContext, root: SelectionSetNode): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(selection.name.value)) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = context.getFragment(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(root);
  return found;
}

/**
 * Measures field depth with fragments flattened. Each named fragment is measured once (depths
 * add up along a path, so a fragment's own depth is reusable), which keeps a document that
 * spreads fragments into fragments linear; a cyclic spread counts as nothing here (graphql's own
 * `NoFragmentCycles` rule refuses it).
 */
function createMeasure(context: ValidationContext): (field: FieldNode) => number {
  const fragments = new Map<string, number>();
  const active = new Set<string>();

  const selectionSet = (set: SelectionSetNode): number => {
    let depth = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        depth = Math.max(depth, field(selection));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        depth = Math.max(depth, selectionSet(selection.selectionSet));
      } else {
        depth = Math.max(depth, fragment(selection.name.value));
      }
    }
    return depth;
  };

  const fragment = (name: string): number => {
    const known = fragments.get(name);
    if (known !== undefined) return known;
    const definition = context.getFragment(name);
    if (!definition || active.has(name)) return 0;
    active.add(name);
    const depth = selectionSet(definition.selectionSet);
    active.delete(name);
    fragments.set(name, depth);
    return depth;
  };

  const field = (node: FieldNode): number =>
    1 + (node.selectionSet ? selectionSet(node.selectionSet) : 0);

  return field;
}
