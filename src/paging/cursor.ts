import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_BYTES = 12;
const MAX_OFFSET = 1_000_000_000;

/**
 * Opaque, signed connection cursors. A cursor names an item's position in one particular query
 * (its filters and order, summed up in `queryKey`), and carries an HMAC over both, so a cursor from
 * another query, or one that was edited, is recognised instead of silently yielding a wrong page.
 */
export class CursorCodec {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** The cursor of the item at `offset` in the query identified by `queryKey`. */
  encode(queryKey: string, offset: number): string {
    const body = String(offset);
    return Buffer.from(`${body}.${this.#sign(queryKey, body).toString('base64url')}`).toString(
      'base64url',
    );
  }

  /**
   * The offset a cursor names, or `null` when it is malformed, edited or from another query. Only
   * the exact text `encode` gives is accepted: base64url admits other spellings of the same bytes
   * (padding, `+/`, trailing characters, other values in the last character's spare bits), and a
   * cursor is an identifier, not a value to normalise.
   */
  decode(queryKey: string, cursor: string): number | null {
    if (cursor.length === 0 || cursor.length > 128) return null;
    const text = Buffer.from(cursor, 'base64url').toString('latin1');
    const dot = text.indexOf('.');
    if (dot <= 0) return null;
    const body = text.slice(0, dot);
    if (!/^(0|[1-9]\d{0,9})$/.test(body)) return null;
    const offset = Number(body);
    if (offset > MAX_OFFSET) return null;
    const given = Buffer.from(cursor);
    const expected = Buffer.from(this.encode(queryKey, offset));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return offset;
  }

  #sign(queryKey: string, body: string): Buffer {
    return createHmac('sha256', this.#secret)
      .update(queryKey)
      .update('\0')
      .update(body)
      .digest()
      .subarray(0, SIGNATURE_BYTES);
  }
}

/**
 * A stable key for a query's identity: the connection's name plus its filter and order arguments
 * (never the paging arguments). Undefined and null values are dropped so that omitting an argument
 * and passing `null` give the same key.
 */
export function queryKeyOf(connection: string, args: Record<string, unknown>): string {
  const parts = Object.keys(args)
    .sort()
    .filter((key) => args[key] !== undefined && args[key] !== null)
    .map((key) => `${key}=${JSON.stringify(args[key])}`);
  return `${connection}?${parts.join('&')}`;
}
