/**
 * The SWR v2 "manage" API's wire contract, one file per resource (`repository.ts`, `tag.ts`,
 * `access-domain.ts`, `namespace.ts`): each body's TypeScript type, exactly as SWR sends it
 * (snake_case, `Tag` with a capital T, `created`/`updated` on details but `created_at`/`updated_at`
 * on list items), beside its {@link WireShape}, the check the client's decode runs on it. Sources:
 * the request and model builders of the Huawei Cloud Go SDK (`huaweicloud/huaweicloud-sdk-go-v3`,
 * `services/swr/v2`), the SWR API reference (support.huaweicloud.com/api-swr) and the Terraform
 * provider's SWR data sources. The gateway maps these to GraphQL types; the emulator produces them.
 */

/** The JSON type a wire field must have. `number` means a finite number. */
type FieldType = 'string' | 'number' | 'boolean' | 'string|null' | 'string[]';

/** The fields of `T` the check covers, each with its wire type. */
export type WireShape<T> = Readonly<Partial<Record<keyof T, FieldType>>>;

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
