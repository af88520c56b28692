import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors/public-error.js';
import { type ShareKey, shareKeyText } from '../loaders/keys.js';
import type { RepositoryRecord } from '../loaders/request-loaders.js';
import { type ShareMutationName, shareMutationOutcome } from '../observability/share-audit.js';
import type { SwrAccessDomain } from '../swr/wire/access-domain.js';
import { type BuilderTypes, builder } from './builder.js';
import {
  futureInstant,
  namespaceName,
  repositoryName,
  SHARE_ACCOUNT_MAX_LENGTH,
  SHARE_DESCRIPTION_MAX_LENGTH,
  shareAccountName,
  shareDescription,
} from './names.js';
import { Repository } from './repository.js';
import { RepositoryShare } from './repository-share.js';

/**
 * Cost of one sharing mutation in the query cost model: a write and its read-back are a few SWR
 * calls, and a write is never shared or cached, so 10 per mutation field keeps a document of
 * many aliased writes within `MAX_COST` only in modest numbers.
 */
export const SHARE_MUTATION_COST = 10;

const ERRORS =
  'Errors: BAD_USER_INPUT (checked before any SWR call), NOT_FOUND (no such repository or share), FORBIDDEN (not your repository), RATE_LIMITED, UPSTREAM_UNAVAILABLE (while the circuit breaker is open the write is not sent)';

const KEY_DESCRIPTIONS = {
  namespace: 'Organization that holds the repository (SWR organization naming rule).',
  name: 'Repository name; may contain `/` (1 to 128 characters).',
  accessDomain: `Name of the account to share with (1 to ${SHARE_ACCOUNT_MAX_LENGTH} characters, no whitespace or control characters). The emulator's demo accounts are demo, alice, bob, carol and dave.`,
};
const CLIENT_MUTATION_ID_INPUT =
  "Any text the client chooses; echoed unchanged as the payload's `clientMutationId` (Relay).";
const CLIENT_MUTATION_ID_OUTPUT = 'The `clientMutationId` of the input, unchanged; null when none.';
const REPOSITORY_OUTPUT =
  'The repository after the write (SWR ShowRepository, +1 call when selected; its `shares`, +1 ListRepoDomains call, already show the change). Null, with an error at this path, when it cannot be read.';
const DESCRIPTION_INPUT = `Note on the share, at most ${SHARE_DESCRIPTION_MAX_LENGTH} characters (Unicode code points). SWR documents no limit; this is the gateway's.`;

/** The fields naming a share, common to the three inputs. */
function keyFields(t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) {
  return {
    namespace: t.string({
      required: true,
      description: KEY_DESCRIPTIONS.namespace,
    }),
    name: t.string({
      required: true,
      description: KEY_DESCRIPTIONS.name,
    }),
    accessDomain: t.string({
      required: true,
      description: KEY_DESCRIPTIONS.accessDomain,
    }),
    clientMutationId: t.string({ description: CLIENT_MUTATION_ID_INPUT }),
  };
}

const CreateRepositoryShareInput = builder.inputType('CreateRepositoryShareInput', {
  description: 'What `createRepositoryShare` shares, with whom and on what terms.',
  fields: (t) => ({
    ...keyFields(t),
    expiresAt: t.field({
      type: 'DateTime',
      description:
        'When the share ends; must be in the future. Omitted or null: the share never expires (SWR `forever`).',
    }),
    description: t.string({
      description: `${DESCRIPTION_INPUT} Omitted or null: empty.`,
    }),
  }),
});

const UpdateRepositoryShareInput = builder.inputType('UpdateRepositoryShareInput', {
  description: 'Which share `updateRepositoryShare` changes, and its new terms.',
  fields: (t) => ({
    ...keyFields(t),
    expiresAt: t.field({
      type: 'DateTime',
      description:
        'When the share ends; must be in the future. Null: it never expires. Omitted: unchanged (costs one more SWR call, ShowAccessDomain, since SWR needs the expiry on every update).',
    }),
    description: t.string({
      description: `${DESCRIPTION_INPUT} Omitted or null: unchanged.`,
    }),
  }),
});

const DeleteRepositoryShareInput = builder.inputType('DeleteRepositoryShareInput', {
  description: 'Which share `deleteRepositoryShare` ends.',
  fields: (t) => keyFields(t),
});

/** What a share mutation's payload resolves from. */
interface SharePayload {
  key: ShareKey;
  share?: SwrAccessDomain;
  clientMutationId: string | null;
}

function payloadType(name: string, description: string, shareField: 'share' | 'deletedShareId') {
  const ref = builder.objectRef<SharePayload>(name);
  ref.implement({
    description,
    fields: (t) => ({
      ...(shareField === 'share'
        ? {
            share: t.field({
              type: RepositoryShare,
              description:
                'The share as SWR holds it after the write (read back with ShowAccessDomain).',
              resolve: (payload) => payload.share as SwrAccessDomain,
            }),
          }
        : {
            deletedShareId: t.id({
              description:
                'Global id of the share that ended: drop the object with this id from client caches.',
              resolve: (payload) => encodeGlobalID('RepositoryShare', shareKeyText(payload.key)),
            }),
          }),
      repository: t.field({
        type: Repository,
        nullable: true,
        description: REPOSITORY_OUTPUT,
        resolve: (payload, _args, context): Promise<RepositoryRecord> =>
          context.loaders.repository.load({
            namespace: payload.key.namespace,
            name: payload.key.name,
          }),
      }),
      clientMutationId: t.string({
        nullable: true,
        description: CLIENT_MUTATION_ID_OUTPUT,
        resolve: (payload) => payload.clientMutationId,
      }),
    }),
  });
  return ref;
}

const CreateRepositorySharePayload = payloadType(
  'CreateRepositorySharePayload',
  'The result of `createRepositoryShare`.',
  'share',
);
const UpdateRepositorySharePayload = payloadType(
  'UpdateRepositorySharePayload',
  'The result of `updateRepositoryShare`.',
  'share',
);
const DeleteRepositorySharePayload = payloadType(
  'DeleteRepositorySharePayload',
  'The result of `deleteRepositoryShare`.',
  'deletedShareId',
);

/**
 * The input rules, checked in the resolver (not with the fields' `validate`) so that refused input
 * is audited and counted like any other outcome. Still before any SWR call.
 */
const KEY_RULES = {
  namespace: namespaceName,
  name: repositoryName,
  accessDomain: shareAccountName,
};
const INPUT_RULES = {
  createRepositoryShare: z.object({
    ...KEY_RULES,
    expiresAt: futureInstant.nullish(),
    description: shareDescription.nullish(),
  }),
  updateRepositoryShare: z.object({
    ...KEY_RULES,
    expiresAt: futureInstant.nullish(),
    description: shareDescription.nullish(),
  }),
  deleteRepositoryShare: z.object(KEY_RULES),
} satisfies Record<ShareMutationName, z.ZodType>;

/** BAD_USER_INPUT naming each refused field as `input.field`, like the builder's validation. */
function checkInput(operation: ShareMutationName, input: unknown): void {
  const checked = INPUT_RULES[operation].safeParse(input);
  if (checked.success) return;
  const issues = checked.error.issues.map(
    (issue) => `\`${['input', ...issue.path.map(String)].join('.')}\` ${issue.message}`,
  );
  throw badUserInput(issues.join('; '), 'input');
}

/** Audit fields are caller input: cut to a sane length. */
const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** Checks the input, runs one sharing mutation, and writes its audit line, whatever the outcome. */
async function audited<T>(
  context: GatewayContext,
  operation: ShareMutationName,
  input: { namespace: string; name: string; accessDomain: string },
  run: (key: ShareKey) => Promise<T>,
): Promise<T> {
  const audit = {
    operation,
    namespace: clip(input.namespace),
    repository: clip(input.name),
    account: clip(input.accessDomain),
  };
  try {
    checkInput(operation, input);
    const result = await run(keyOf(input));
    context.auditShareMutation({ ...audit, ...shareMutationOutcome(undefined) });
    return result;
  } catch (error) {
    context.auditShareMutation({ ...audit, ...shareMutationOutcome(error) });
    throw error;
  }
}

const keyOf = (input: { namespace: string; name: string; accessDomain: string }): ShareKey => ({
  namespace: input.namespace,
  name: input.name,
  account: input.accessDomain,
});

builder.mutationFields((t) => ({
  createRepositoryShare: t.field({
    type: CreateRepositorySharePayload,
    complexity: SHARE_MUTATION_COST,
    description: `Shares one of your repositories with another account, read only (SWR CreateRepoDomains). Costs 2 SWR calls: the POST, then ShowAccessDomain to read the share back; \`repository\` adds 1 (ShowRepository) and its \`shares\` 1 more (ListRepoDomains). The POST is never retried: when it may have reached SWR without an answer (timeout, dropped connection) the error is UPSTREAM_UNAVAILABLE with \`extensions.outcome: "UNKNOWN"\`; re-read the shares instead of re-submitting. When the POST succeeded and only the read-back failed, the error carries \`extensions.outcome: "APPLIED"\`: the share exists. ${ERRORS}, CONFLICT (already shared with this account). Each SWR refusal keeps \`extensions.upstream\`.`,
    args: {
      input: t.arg({
        type: CreateRepositoryShareInput,
        required: true,
        description: 'The share to create.',
      }),
    },
    resolve: (_root, { input }, context) => {
      return audited(context, 'createRepositoryShare', input, async (key) => ({
        key,
        share: await context.writes.createShare(key, {
          expiresAt: input.expiresAt ?? null,
          description: input.description ?? '',
        }),
        clientMutationId: input.clientMutationId ?? null,
      }));
    },
  }),
  updateRepositoryShare: t.field({
    type: UpdateRepositorySharePayload,
    complexity: SHARE_MUTATION_COST,
    description: `Changes the expiry or note of a share (SWR UpdateRepoDomains). Costs 2 SWR calls: the PATCH, then ShowAccessDomain to read the share back; 3 when \`expiresAt\` is omitted (the current expiry is read first); \`repository\` adds 1 and its \`shares\` 1 more. The PATCH is idempotent and retried on SWR failures within the request's retry budget; when its outcome stays unknown the error is UPSTREAM_UNAVAILABLE with \`extensions.outcome: "UNKNOWN"\`; when the PATCH succeeded and only the read-back failed, the error carries \`extensions.outcome: "APPLIED"\`. ${ERRORS}. Each SWR refusal keeps \`extensions.upstream\`.`,
    args: {
      input: t.arg({
        type: UpdateRepositoryShareInput,
        required: true,
        description: 'The share and its new terms.',
      }),
    },
    resolve: (_root, { input }, context) => {
      return audited(context, 'updateRepositoryShare', input, async (key) => ({
        key,
        share: await context.writes.updateShare(key, {
          ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
          ...(input.description == null ? {} : { description: input.description }),
        }),
        clientMutationId: input.clientMutationId ?? null,
      }));
    },
  }),
  deleteRepositoryShare: t.field({
    type: DeleteRepositorySharePayload,
    complexity: SHARE_MUTATION_COST,
    description: `Stops sharing a repository with an account (SWR DeleteRepoDomains). Costs 1 SWR call; \`repository\` adds 1 (ShowRepository) and its \`shares\` 1 more. The DELETE is idempotent and retried on SWR failures within the request's retry budget; a retry that finds the share already gone reports success. Safe to re-submit. ${ERRORS}. Each SWR refusal keeps \`extensions.upstream\`.`,
    args: {
      input: t.arg({
        type: DeleteRepositoryShareInput,
        required: true,
        description: 'The share to end.',
      }),
    },
    resolve: (_root, { input }, context) => {
      return audited(context, 'deleteRepositoryShare', input, async (key) => {
        await context.writes.deleteShare(key);
        return { key, clientMutationId: input.clientMutationId ?? null };
      });
    },
  }),
}));
