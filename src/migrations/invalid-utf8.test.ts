import { describe, expect, it } from 'vitest';
import { findInvalidUtf8 } from './invalid-utf8.js';

const bytesOf = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

describe('findInvalidUtf8', () => {
  it('finds nothing in valid UTF-8, a BOM and 4-byte characters included', () => {
    expect(findInvalidUtf8(bytesOf([0xef, 0xbb, 0xbf], '-- café 😀\nSELECT 1;'))).toBeNull();
    expect(findInvalidUtf8(new Uint8Array())).toBeNull();
  });

  it('gives the line and the UTF-16 column of the first bad sequence, a BOM not counted', () => {
    expect(findInvalidUtf8(bytesOf('a\nb😀é', [0xe9, 0x27], "'"))).toEqual({
      line: 2,
      column: 5,
      bytes: '0xe9 0x27',
    });
    expect(findInvalidUtf8(bytesOf([0xef, 0xbb, 0xbf], 'ab', [0xff]))).toEqual({
      line: 1,
      column: 3,
      bytes: '0xff',
    });
  });

  it('refuses what the WHATWG decoder refuses: overlong forms, surrogates, > U+10FFFF, cut sequences', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      expect(findInvalidUtf8(bytesOf('x', bad))?.column).toBe(2);
      expect(new TextDecoder('utf-8', { fatal: false }).decode(bytesOf('x', bad))).toContain('\uFFFD');
    }
  });
});
