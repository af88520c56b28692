import { brandWithType, type ObjectRef } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { GatewayContext } from '../context.js';
import { badUserInput, publicError } from '../errors/public-error.js';
import { type BuilderTypes, builder } from './builder.js';

/** Loads one object of a Node type from its local id; `null` when it does not exist. */
export type NodeLoader<T> = (localId: string, context: GatewayContext) => Promise<T | null>;

const loaders = new Map<
  string,
  { ref: ObjectRef<BuilderTypes, unknown>; load: NodeLoader<unknown> }
>();

/**
 * Makes a Node type reachable through `node(id:)` and `nodes(ids:)`. The loader should go through
 * the request's DataLoaders, so an object asked for by id and through the graph is fetched once.
 */
export function registerNodeLoader<T extends object>(
  ref: ObjectRef<BuilderTypes, T>,
  load: NodeLoader<T>,
): void {
  loaders.set(ref.name, { ref: ref as ObjectRef<BuilderTypes, unknown>, load });
}

async function loadNode(globalId: string, context: GatewayContext): Promise<object> {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badUserInput('Not an id of this API.', 'id');
  }
  const type = loaders.get(decoded.typename);
  if (!type) throw badUserInput('Not an id of this API.', 'id');
  const found = await type.load(decoded.id, context);
  if (found === null) {
    throw publicError('NOT_FOUND', `No ${decoded.typename} has this id (any longer).`);
  }
  brandWithType(found, type.ref);
  return found as object;
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description:
      'Fetches any object by its global `id`. Null, with an error, when it no longer exists (NOT_FOUND) or the id is not one of this API (BAD_USER_INPUT).',
    args: { id: t.arg.id({ required: true, description: 'A global id from an `id` field.' }) },
    resolve: (_root, args, context) => loadNode(String(args.id), context),
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description:
      'Fetches several objects by their global ids, in the order given. Each one that cannot be loaded is null, with its own error at its index. One request may ask for at most `MAX_ENTITIES` (100 by default) distinct ids through `node`, `nodes` and `_entities` together; more is refused with TOO_MANY_ENTITIES before any SWR call.',
    args: {
      ids: t.arg.idList({ required: true, description: 'Global ids from `id` fields.' }),
    },
    resolve: (_root, args, context) => args.ids.map((id) => loadNode(String(id), context)),
  }),
}));
