import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../../src/cache/entry.js';

const text = '[ {"name":"nginx","tags":["1.27","latest"],"note":"é漢🙂 \\"quoted\\""} ]';
const body: unknown = JSON.parse(text);
const headers = { 'content-range': '0-0/1' };

describe('a cache entry', () => {
  it('embeds the JSON text the body was parsed from, and decodes to the same response', () => {
    const entry = encodeEntry('0.a.-', { body, text, headers });
    expect(entry).toContain(text);
    expect(decodeEntry(entry, '0.a.-')).toEqual({ body, headers });
  });

  it('serialises the body when there is no text, to the same response', () => {
    const entry = encodeEntry('0.a.-', { body, headers });
    expect(decodeEntry(entry, '0.a.-')).toEqual({ body, headers });
  });

  it('reads as a miss under other generations, or when it is not an entry', () => {
    expect(decodeEntry(encodeEntry('0.a.-', { body, text, headers }), '0.b.-')).toBeUndefined();
    expect(decodeEntry('{"v":1,"g":"0.a.-","h":{}', '0.a.-')).toBeUndefined();
    expect(decodeEntry('{"v":2,"g":"0.a.-","h":{},"b":1}', '0.a.-')).toBeUndefined();
    expect(decodeEntry('{"v":1,"g":"0.a.-","h":{"x":1},"b":1}', '0.a.-')).toBeUndefined();
  });
});
