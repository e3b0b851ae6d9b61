/**
 * Offset conversions between the units libpg-query reports and JS string indexes (UTF-16 code
 * units). Statement locations and scan tokens are UTF-8 byte offsets; a syntax error's cursor is a
 * code point offset (Postgres counts characters for it). Both differ from JS indexes as soon as the
 * text holds an accent or an emoji, so every offset crossing the parser boundary goes through here.
 */

/** utf8ByteLength is how many bytes a code point takes in UTF-8 (a lone surrogate becomes U+FFFD: 3). */
function utf8ByteLength(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * createByteToCharIndex maps each UTF-8 byte offset of `text` to the JS index of the character
 * holding it; the offset one past the last byte maps to `text.length`.
 */
export function createByteToCharIndex(text: string): (byteOffset: number) => number {
  // Most SQL is ASCII: then bytes are characters, and building the table would cost a pass per parse.
  if (!NON_ASCII.test(text)) return (byteOffset) => Math.max(0, Math.min(byteOffset, text.length));
  const byteToChar: number[] = [];
  let charIndex = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    for (let i = 0; i < utf8ByteLength(codePoint); i++) byteToChar.push(charIndex);
    charIndex += character.length;
  }
  byteToChar.push(charIndex);
  return (byteOffset) => byteToChar[Math.max(0, Math.min(byteOffset, byteToChar.length - 1))] ?? charIndex;
}

/** codePointToCharOffset converts an offset counted in code points to a JS index into `text`. */
export function codePointToCharOffset(text: string, codePointOffset: number): number {
  let charIndex = 0;
  let seen = 0;
  for (const character of text) {
    if (seen >= codePointOffset) break;
    charIndex += character.length;
    seen++;
  }
  return charIndex;
}
