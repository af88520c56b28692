import type { WireShape } from './wire-shape.js';

/** An organization (`GET /v2/manage/namespaces`, `GET /v2/manage/namespaces/{namespace}`). */
export interface SwrNamespace {
  id: number;
  name: string;
  creator_name: string;
  /** 7 = manage, 3 = edit, 1 = read. */
  auth: number;
}

/** The fields of {@link SwrNamespace} the decode checks. */
export const namespaceShape = {
  id: 'number',
  name: 'string',
  creator_name: 'string',
  auth: 'number',
} as const satisfies WireShape<SwrNamespace>;

/** `GET /v2/manage/namespaces` body. */
export interface SwrNamespaceList {
  namespaces: SwrNamespace[];
}
