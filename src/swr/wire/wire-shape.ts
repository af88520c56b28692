import type {
  SwrAccessDomain,
  SwrNamespace,
  SwrRepositoryDetail,
  SwrRepositoryListItem,
  SwrTag,
} from './types.js';

/** The JSON type a wire field must have. `number` means a finite number. */
type FieldType = 'string' | 'number' | 'boolean' | 'string|null' | 'string[]';

/** The fields of `T` the check covers, each with its wire type. */
export type WireShape<T> = Readonly<Partial<Record<keyof T, FieldType>>>;

/**
 * Fields of a list item (`ShowReposResp`). `logo` and `url` are documented as unused and not
 * checked; `total_range` is read separately, as a page total.
 */
export const repositoryListItemShape = {
  name: 'string',
  namespace: 'string',
  category: 'string',
  description: 'string',
  size: 'number',
  is_public: 'boolean',
  num_images: 'number',
  num_download: 'number',
  created_at: 'string',
  updated_at: 'string',
  path: 'string',
  internal_path: 'string',
  domain_name: 'string',
  tags: 'string[]',
  status: 'boolean',
} as const satisfies WireShape<SwrRepositoryListItem>;

export const repositoryDetailShape = {
  id: 'number',
  ns_id: 'number',
  name: 'string',
  category: 'string',
  description: 'string',
  creator_id: 'string',
  creator_name: 'string',
  size: 'number',
  is_public: 'boolean',
  num_images: 'number',
  num_download: 'number',
  path: 'string',
  internal_path: 'string',
  created: 'string',
  updated: 'string',
  domain_id: 'string',
  priority: 'number',
} as const satisfies WireShape<SwrRepositoryDetail>;

export const tagShape = {
  id: 'number',
  repo_id: 'number',
  Tag: 'string',
  image_id: 'string',
  manifest: 'string',
  digest: 'string',
  schema: 'number',
  path: 'string',
  internal_path: 'string',
  size: 'number',
  is_trusted: 'boolean',
  created: 'string',
  updated: 'string',
  deleted: 'string|null',
  domain_id: 'string',
  scanned: 'boolean',
  tag_type: 'number',
} as const satisfies WireShape<SwrTag>;

export const accessDomainShape = {
  namespace: 'string',
  repository: 'string',
  access_domain: 'string',
  permit: 'string',
  deadline: 'string',
  description: 'string',
  creator_id: 'string',
  creator_name: 'string',
  created: 'string',
  updated: 'string',
  status: 'boolean',
} as const satisfies WireShape<SwrAccessDomain>;

export const namespaceShape = {
  id: 'number',
  name: 'string',
  creator_name: 'string',
  auth: 'number',
} as const satisfies WireShape<SwrNamespace>;

/**
 * Why `value` is not an object with `shape`'s fields, e.g. `size is not a number`; `undefined`
 * when it is. A hand-written check: a 100-item page takes microseconds. Unknown fields are
 * allowed.
 */
export function shapeProblem<T>(value: unknown, shape: WireShape<T>, at = ''): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${at || 'body'} is not an object`;
  }
  const record = value as Record<string, unknown>;
  for (const key in shape) {
    const type = shape[key] as FieldType;
    if (!hasType(record[key], type)) return `${at ? `${at}.` : ''}${key} is not ${article(type)}`;
  }
  return undefined;
}

/** {@link shapeProblem} for a bare JSON array whose items all have `shape`. */
export function arrayShapeProblem<T>(
  value: unknown,
  shape: WireShape<T>,
  at = 'body',
): string | undefined {
  if (!Array.isArray(value)) return `${at} is not an array`;
  for (let index = 0; index < value.length; index++) {
    const problem = shapeProblem(value[index], shape, `${at}[${index}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

function article(type: FieldType): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'string|null':
      return 'a string or null';
    case 'string[]':
      return 'an array of strings';
  }
}
