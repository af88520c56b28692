import type { WireShape } from './wire-shape.js';

/** One sharing account of a repository (`GET …/repositories/{repository}/access-domains`). */
export interface SwrAccessDomain {
  namespace: string;
  repository: string;
  access_domain: string;
  /** Only `read` exists. */
  permit: string;
  /** UTC RFC 3339, or the literal `forever`. */
  deadline: string;
  description: string;
  creator_id: string;
  creator_name: string;
  created: string;
  updated: string;
  /** true = valid, false = expired. */
  status: boolean;
}

/** The fields of {@link SwrAccessDomain} the decode checks. */
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
