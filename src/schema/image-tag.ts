import { badUserInput } from '../errors/public-error.js';
import { imageTagKeyText, parseImageTagKey } from '../loaders/keys.js';
import type { ImageTagRecord } from '../loaders/request-loaders.js';
import { builder } from './builder.js';
import { registerNodeLoader } from './node.js';
import { OrderDirection } from './order-direction.js';

/** One tag (version) of an image repository. */
export const ImageTag = builder.objectRef<ImageTagRecord>('ImageTag');

export const ManifestKind = builder.enumType('ManifestKind', {
  description: 'What a tag points at.',
  values: {
    MANIFEST: { value: 0, description: 'A single-platform image manifest.' },
    MANIFEST_LIST: {
      value: 1,
      description: 'A manifest list (multi-platform image index).',
    },
  } as const,
});

builder.node(ImageTag, {
  description: 'A tag (version) of an image repository, such as `latest` or `1.4.2`.',
  id: { resolve: (record) => imageTagKeyText({ ...record, tag: record.tag.Tag }) },
  fields: (t) => ({
    name: t.string({ description: 'Tag name, such as `latest`.', resolve: (r) => r.tag.Tag }),
    digest: t.string({
      description: 'Content digest of the manifest, `sha256:…`.',
      resolve: (r) => r.tag.digest,
    }),
    sizeBytes: t.field({
      type: 'SafeInt',
      description: 'Size of the image in bytes.',
      resolve: (r) => r.tag.size,
    }),
    path: t.string({
      description: 'Address to pull this tag from over the internet.',
      resolve: (r) => r.tag.path,
    }),
    internalPath: t.string({
      description: 'Address to pull this tag from inside the cloud region.',
      resolve: (r) => r.tag.internal_path,
    }),
    isTrusted: t.boolean({
      description: 'True when the image is marked trusted in SWR.',
      resolve: (r) => r.tag.is_trusted,
    }),
    scanned: t.boolean({
      description: 'True when the image has been scanned for vulnerabilities.',
      resolve: (r) => r.tag.scanned,
    }),
    manifestKind: t.field({
      type: ManifestKind,
      description: 'Whether the tag is a single manifest or a manifest list.',
      resolve: (r) => (r.tag.tag_type === 1 ? 1 : 0),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the tag was pushed first.',
      resolve: (r) => r.tag.created,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'When the tag was last pushed.',
      resolve: (r) => r.tag.updated,
    }),
  }),
});

registerNodeLoader(ImageTag, async (id, context) => {
  const key = parseImageTagKey(id);
  if (!key) throw badUserInput('Not an ImageTag id.', 'id');
  const { namespace, name, tag } = key;
  const page = await context.loaders.tagWindow.load({ namespace, name, params: { tag } });
  return page.items.find((record) => record.tag.Tag === tag) ?? null;
});

export const ImageTagOrderField = builder.enumType('ImageTagOrderField', {
  description: 'Field to sort image tags by.',
  values: {
    UPDATED_AT: { value: 'updated_at', description: 'Time of the last push.' },
    NAME: { value: 'tag', description: 'Tag name.' },
  } as const,
});

export const ImageTagOrder = builder.inputType('ImageTagOrder', {
  description: "Sort order of image tags. When omitted, SWR's default order applies.",
  fields: (t) => ({
    field: t.field({ type: ImageTagOrderField, required: true, description: 'Field to sort by.' }),
    direction: t.field({ type: OrderDirection, required: true, description: 'Sort direction.' }),
  }),
});

/** The connection type shared by every `imageTags` field. */
export const ImageTagConnection = builder.connectionObject(
  {
    type: ImageTag,
    name: 'ImageTagConnection',
    description: 'A page of the tags of an image repository.',
  },
  { name: 'ImageTagEdge', description: 'An image tag and its cursor.' },
);
