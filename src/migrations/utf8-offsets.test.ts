import { describe, expect, it } from 'vitest';
import { codePointToCharOffset, createByteToCharIndex } from './utf8-offsets.js';

describe('createByteToCharIndex', () => {
  it('maps UTF-8 byte offsets to JS indexes across 1- to 4-byte characters', () => {
    const text = 'aé€😀b';
    const toChar = createByteToCharIndex(text);
    // a=1 byte, é=2, €=3, 😀=4 (2 JS chars), b=1
    expect([0, 1, 3, 6, 10, 11].map(toChar)).toEqual([0, 1, 2, 3, 5, 6]);
    expect(Buffer.byteLength(text)).toBe(11);
  });

  it('maps an ASCII text one to one, clamped to the text', () => {
    const toChar = createByteToCharIndex('SELECT 1;');
    expect([-1, 0, 7, 9, 12].map(toChar)).toEqual([0, 0, 7, 9, 9]);
  });
});

describe('codePointToCharOffset', () => {
  it('counts an astral character as one code point and two JS chars', () => {
    expect(codePointToCharOffset('😀😀x', 2)).toBe(4);
    expect(codePointToCharOffset('abc', 10)).toBe(3);
  });
});
