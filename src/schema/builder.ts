import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors/public-error.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../paging/page-size.js';
import { connectionComplexity, defaultFieldComplexity } from '../security/query-cost.js';

interface UserTypes {
  Context: GatewayContext;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Connection: { totalCount: number };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    SafeInt: { Input: number; Output: number };
  };
}

/** The schema types of this builder, for helpers that take refs or field builders. */
export type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<UserTypes>;

/** The Pothos builder. Configuration only: types live in one file each beside it. */
export const builder = new SchemaBuilder<UserTypes>({
  // Federation goes last, as its README says; it needs the directives plugin.
  plugins: [RelayPlugin, ValidationPlugin, ComplexityPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  validation: {
    validationError: (failure) => {
      const issues = failure.issues.map((issue) => {
        const path = (issue.path ?? []).map((part) =>
          typeof part === 'object' ? String(part.key) : String(part),
        );
        return path.length > 0 ? `\`${path.join('.')}\` ${issue.message}` : issue.message;
      });
      const [argument] = failure.issues[0]?.path ?? [];
      return badUserInput(
        issues.join('; '),
        typeof argument === 'object' ? String(argument.key) : String(argument ?? ''),
      );
    },
  },
  // Field costs only; the limit (MAX_COST) is per app, enforced in src/security/query-cost.ts.
  complexity: { fieldComplexity: defaultFieldComplexity },
  relay: {
    cursorType: 'String',
    // `first`/`last` multiply the cost of a connection's subtree.
    defaultConnectionFieldOptions: { complexity: connectionComplexity },
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodeTypeOptions: {
      description:
        'An object with a global, opaque and stable `id` that `node(id:)` and `nodes(ids:)` accept.',
    },
    idFieldOptions: {
      description: 'Global, opaque and stable id of this object; pass it to `node(id:)`.',
    },
    nodesOnConnection: {
      description: 'The items of this page, without cursors (a shortcut for `edges { node }`).',
    },
    edgesFieldOptions: {
      nullable: { list: false, items: false },
      description: 'The items of this page, each with its cursor.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item at the end of the edge.' },
    cursorFieldOptions: {
      description:
        'Opaque cursor of this item. Pass it as `after` or `before` to the same query (same filters and order) to page from here.',
    },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    pageInfoTypeOptions: {
      description: 'Where a page sits in its list (Relay cursor connections).',
      // Other subgraphs of a federated graph define PageInfo too.
      shareable: true,
    },
    hasNextPageFieldOptions: {
      description: 'True when items exist after this page, whatever the paging direction.',
    },
    hasPreviousPageFieldOptions: {
      description: 'True when items exist before this page, whatever the paging direction.',
    },
    startCursorFieldOptions: {
      description: 'Cursor of the first item of this page; null when empty.',
    },
    endCursorFieldOptions: {
      description: 'Cursor of the last item of this page; null when empty.',
    },
    firstArgOptions: {
      description: `Return the first n items (0 to ${MAX_PAGE_SIZE}) after \`after\`. When neither \`first\` nor \`last\` is given, ${DEFAULT_PAGE_SIZE} items are returned.`,
    },
    lastArgOptions: {
      description: `Return the last n items (0 to ${MAX_PAGE_SIZE}) before \`before\`.`,
    },
    afterArgOptions: { description: 'Return items after this cursor (from the same query).' },
    beforeArgOptions: { description: 'Return items before this cursor (from the same query).' },
  },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Number of items in the whole list, across all pages, with the same filters.',
    resolve: (connection) => connection.totalCount,
  }),
);
