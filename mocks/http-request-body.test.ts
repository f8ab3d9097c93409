import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './http-request-body.js';

describe('decodeUtf8', () => {
  it('decodes UTF-8, multi-byte characters included', () => {
    expect(decodeUtf8(Buffer.from('{"title":"Tée ✓"}'))).toEqual({ ok: true, value: '{"title":"Tée ✓"}' });
  });

  it('fails on bytes that are not UTF-8 instead of replacing them', () => {
    expect(decodeUtf8(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, reason: 'not-utf8' });
    expect(decodeUtf8(Buffer.from([0xe2, 0x9c]))).toEqual({ ok: false, reason: 'not-utf8' });
  });
});
