import { builder } from './builder.js';

const KNOWN = {
  APP_SERVER: { value: 'app_server', description: 'Application server.' },
  LINUX: { value: 'linux', description: 'Linux base image.' },
  FRAMEWORK_APP: { value: 'framework_app', description: 'Framework or application.' },
  DATABASE: { value: 'database', description: 'Database.' },
  LANG: { value: 'lang', description: 'Programming language runtime.' },
  WINDOWS: { value: 'windows', description: 'Windows image.' },
  ARM: { value: 'arm', description: 'Arm image.' },
  OTHER: {
    value: 'other',
    description: 'Other, including any category SWR introduces after this gateway was built.',
  },
} as const;

type Category = (typeof KNOWN)[keyof typeof KNOWN]['value'];

/** SWR's repository category. */
export const RepositoryCategory = builder.enumType('RepositoryCategory', {
  description: 'Category of an image repository, as set by its owner in SWR.',
  values: KNOWN,
});

const known = new Set<string>(Object.values(KNOWN).map((entry) => entry.value));
const reported = new Set<string>();

/**
 * Maps SWR's category to the enum. A value SWR adds later becomes `OTHER` (and is logged once per
 * process) instead of failing the query.
 */
export function toCategory(
  value: string,
  warn: (message: string, category: string) => void,
): Category {
  if (known.has(value)) return value as Category;
  if (!reported.has(value) && reported.size < 100) {
    reported.add(value);
    warn('SWR sent an unknown repository category; serving it as OTHER', value);
  }
  return 'other';
}
