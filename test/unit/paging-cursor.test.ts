import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CursorCodec, queryKeyOf } from '../../src/paging/cursor.js';

const codec = new CursorCodec('test-secret-of-enough-length');
const key = queryKeyOf('sharedRepositories', { center: 'SELF', namespace: 'team' });

describe('CursorCodec', () => {
  it('round-trips every offset of the same query', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000_000 }), (offset) => {
        expect(codec.decode(key, codec.encode(key, offset))).toBe(offset);
      }),
    );
  });

  it('is opaque: the cursor text does not show the offset or the query', () => {
    const cursor = codec.encode(key, 42);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('team');
  });

  it('refuses a cursor issued for another query', () => {
    const other = queryKeyOf('sharedRepositories', { center: 'SELF', namespace: 'other' });
    expect(codec.decode(other, codec.encode(key, 10))).toBeNull();
  });

  it('refuses a cursor signed with another secret', () => {
    const foreign = new CursorCodec('another-secret-of-enough-length');
    expect(codec.decode(key, foreign.encode(key, 10))).toBeNull();
  });

  it('refuses every single-character edit of a cursor', () => {
    const cursor = codec.encode(key, 1234);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let index = 0; index < cursor.length; index++) {
      for (const replacement of alphabet) {
        if (replacement === cursor[index]) continue;
        const edited = cursor.slice(0, index) + replacement + cursor.slice(index + 1);
        expect(codec.decode(key, edited)).toBeNull();
      }
    }
  });

  it('refuses an edited offset even with the original signature', () => {
    const [, signature] = Buffer.from(codec.encode(key, 5), 'base64url').toString().split('.');
    const forged = Buffer.from(`6.${signature}`).toString('base64url');
    expect(codec.decode(key, forged)).toBeNull();
  });

  it('accepts only the canonical spelling of a cursor', () => {
    const cursor = codec.encode(key, 1234);
    const suffixes = ['A', 'AA', '=', '==', '.', '!', '~', ' ', '\n', 'é', '%00'];
    for (const suffix of suffixes) expect(codec.decode(key, cursor + suffix)).toBeNull();
    const inner = Array.from({ length: 200 }, (_, offset) =>
      Buffer.from(codec.encode(key, offset), 'base64url').toString(),
    ).find((text) => /[-_]/.test(text));
    if (inner === undefined) throw new Error('no signature with "-" or "_" among 200 offsets');
    const standardAlphabet = inner.replaceAll('-', '+').replaceAll('_', '/');
    expect(codec.decode(key, Buffer.from(standardAlphabet).toString('base64url'))).toBeNull();
    const paddedSignature = Buffer.from(`${inner}=`).toString('base64url');
    expect(codec.decode(key, paddedSignature)).toBeNull();
    const padded = `${cursor}${'='.repeat((4 - (cursor.length % 4)) % 4 || 4)}`;
    expect(codec.decode(key, padded)).toBeNull();
  });

  it('refuses other values in the spare bits of the last character', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let checked = 0;
    for (let offset = 0; offset < 40; offset++) {
      const cursor = codec.encode(key, offset);
      const bytes = Buffer.from(cursor, 'base64url');
      for (const last of alphabet) {
        const variant = cursor.slice(0, -1) + last;
        if (variant === cursor || !Buffer.from(variant, 'base64url').equals(bytes)) continue;
        checked++;
        expect(codec.decode(key, variant)).toBeNull();
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('refuses garbage without throwing', () => {
    for (const garbage of ['', 'x', '.', '....', 'a'.repeat(500), '💥', 'LTEuYWJj', 'MDEuYWJj']) {
      expect(codec.decode(key, garbage)).toBeNull();
    }
  });
});

describe('queryKeyOf', () => {
  it('ignores argument order and treats null like an omitted argument', () => {
    expect(queryKeyOf('c', { a: 1, b: null, c: 'x' })).toBe(queryKeyOf('c', { c: 'x', a: 1 }));
  });

  it('differs when a filter or the connection differs', () => {
    expect(queryKeyOf('c', { a: 1 })).not.toBe(queryKeyOf('c', { a: 2 }));
    expect(queryKeyOf('c', { a: 1 })).not.toBe(queryKeyOf('d', { a: 1 }));
  });
});
