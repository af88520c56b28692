import { SwrError } from './errors.js';

/**
 * Longest share description the emulator accepts, in Unicode code points. SWR documents no limit;
 * this one is the emulator's choice, and a longer one → 413 `SVCSTG.SWR.4131012`.
 */
export const SHARE_DESCRIPTION_MAX_LENGTH = 1024;

/** Longest accepted account name in `access_domain`. */
export const ACCESS_DOMAIN_MAX_LENGTH = 64;

/** The fields of a CreateRepoDomains body, validated. */
export interface CreateShareBody {
  readonly accessDomain: string;
  readonly deadline: string;
  /** Absent in the body → ''. */
  readonly description: string;
}

/** The fields of an UpdateRepoDomains body, validated. */
export interface UpdateShareBody {
  readonly deadline: string;
  /** Absent in the body → keep the share's description. */
  readonly description: string | undefined;
}

const RFC3339_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d{1,9})?Z$/;
const ACCESS_DOMAIN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function invalidBody(message: string): SwrError {
  return new SwrError(400, 'SVCSTG.SWR.4000014', `Invalid request body: ${message}`);
}

/** True for `forever` or a real UTC instant like `2026-10-01T16:00:00.000Z` (no offsets). */
export function isValidDeadline(deadline: string): boolean {
  if (deadline === 'forever') return true;
  const parts = RFC3339_UTC.exec(deadline);
  if (parts === null) return false;
  const millis = Date.parse(deadline);
  if (Number.isNaN(millis)) return false;
  const normalized = new Date(millis).toISOString();
  return normalized.slice(0, 10) === parts[1] && normalized.slice(11, 19) === parts[2];
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidBody('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidBody('not a JSON object');
  }
  return value as Record<string, unknown>;
}

function readPermit(body: Record<string, unknown>): void {
  if (typeof body.permit !== 'string') throw invalidBody('permit is required');
  if (body.permit !== 'read') {
    throw new SwrError(400, 'SVCSTG.SWR.4001091', `Invalid permission "${body.permit}": only read`);
  }
}

function readDeadline(body: Record<string, unknown>): string {
  const { deadline } = body;
  if (typeof deadline !== 'string' || !isValidDeadline(deadline)) {
    throw invalidBody('deadline must be a UTC time such as 2026-10-01T16:00:00Z, or forever');
  }
  return deadline;
}

function readDescription(body: Record<string, unknown>): string | undefined {
  const { description } = body;
  if (description === undefined || description === null) return undefined;
  if (typeof description !== 'string') throw invalidBody('description must be a string');
  if ([...description].length > SHARE_DESCRIPTION_MAX_LENGTH) {
    throw new SwrError(
      413,
      'SVCSTG.SWR.4131012',
      `The description is longer than ${SHARE_DESCRIPTION_MAX_LENGTH} characters`,
    );
  }
  return description;
}

/**
 * Reads a CreateRepoDomains body: `access_domain` (an account name: 1–64 letters, digits, `_`,
 * `.`, `-`, starting with a letter or digit), `permit: "read"`, `deadline` and an optional
 * `description`. A malformed body or field → 400 `SVCSTG.SWR.4000014`, a bad account name → 400
 * `SVCSTG.SWR.4001041`, another permit → 400 `SVCSTG.SWR.4001091`, an overlong description → 413
 * `SVCSTG.SWR.4131012`.
 */
export function parseCreateShareBody(text: string): CreateShareBody {
  const body = parseObject(text);
  const accessDomain = body.access_domain;
  if (typeof accessDomain !== 'string') throw invalidBody('access_domain is required');
  if (accessDomain.length > ACCESS_DOMAIN_MAX_LENGTH || !ACCESS_DOMAIN.test(accessDomain)) {
    throw new SwrError(400, 'SVCSTG.SWR.4001041', `Invalid domain "${accessDomain}"`);
  }
  readPermit(body);
  const deadline = readDeadline(body);
  return { accessDomain, deadline, description: readDescription(body) ?? '' };
}

/**
 * Reads an UpdateRepoDomains body: `permit: "read"` and `deadline` required, `description`
 * optional; the same refusals as `parseCreateShareBody`.
 */
export function parseUpdateShareBody(text: string): UpdateShareBody {
  const body = parseObject(text);
  readPermit(body);
  const deadline = readDeadline(body);
  return { deadline, description: readDescription(body) };
}
