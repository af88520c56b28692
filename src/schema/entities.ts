import { builder } from './builder.js';
import { Namespace } from './namespace.js';
import { Repository } from './repository.js';
import { SharedRepository } from './shared-repository.js';

/**
 * Apollo Federation entities. References resolve through the request's DataLoaders, so a router's
 * `_entities` call with many representations of a few repositories costs one SWR call per
 * distinct repository, shared with anything else the request loads.
 */

builder.asEntity(Repository, {
  key: builder.selection<{ namespace: string; name: string }>('namespace name'),
  resolveReference: (reference, context) => context.loaders.repository.load(reference),
});

builder.asEntity(SharedRepository, {
  key: builder.selection<{ namespace: string; name: string }>('namespace name'),
  resolveReference: async (reference, context) => {
    const own = await context.loaders.sharedRepository.load({ center: 'self', ...reference });
    return own ?? context.loaders.sharedRepository.load({ center: 'thirdparty', ...reference });
  },
});

builder.asEntity(Namespace, {
  key: builder.selection<{ name: string }>('name'),
  resolveReference: (reference, context) => context.loaders.namespace.load(reference.name),
});
