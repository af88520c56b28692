import { badUserInput } from '../errors/public-error.js';
import { type RepositoryKey, repositoryKeyOf } from '../loaders/keys.js';
import { builder } from './builder.js';
import { namespaceName } from './names.js';
import { Namespace } from './namespace.js';
import { Repository } from './repository.js';
import { SharedRepository } from './shared-repository.js';

/**
 * Apollo Federation entities. References resolve through the request's DataLoaders, so a router's
 * `_entities` call with many representations of a few repositories costs one SWR call per
 * distinct repository, shared with anything else the request loads. A reference whose key breaks
 * SWR's naming rules gets `BAD_USER_INPUT` at its index, without an SWR call.
 */

function checkedRepositoryKey(reference: { namespace?: unknown; name?: unknown }): RepositoryKey {
  const key = repositoryKeyOf(reference);
  if (!key) {
    throw badUserInput(
      'Not a repository key: `namespace` must follow SWR\'s organization naming rule and `name` be 1–128 characters without control characters or "$".',
      'representations',
    );
  }
  return key;
}

builder.asEntity(Repository, {
  key: builder.selection<{ namespace: string; name: string }>('namespace name'),
  resolveReference: (reference, context) =>
    context.loaders.repository.load(checkedRepositoryKey(reference)),
});

builder.asEntity(SharedRepository, {
  key: builder.selection<{ namespace: string; name: string }>('namespace name'),
  resolveReference: async (reference, context) => {
    const key = checkedRepositoryKey(reference);
    const own = await context.loaders.sharedRepository.load({ center: 'self', ...key });
    return own ?? context.loaders.sharedRepository.load({ center: 'thirdparty', ...key });
  },
});

builder.asEntity(Namespace, {
  key: builder.selection<{ name: string }>('name'),
  resolveReference: (reference, context) => {
    if (!namespaceName.safeParse(reference.name).success) {
      throw badUserInput(
        "Not a namespace key: `name` must follow SWR's organization naming rule.",
        'representations',
      );
    }
    return context.loaders.namespace.load(reference.name);
  },
});
