/**
 * caretPadding is what goes before a caret under `column` (1-based, in UTF-16 code units, as
 * findings count) of `line`, so that the caret lands under that character once a terminal has
 * drawn both lines: tabs are copied as tabs (the terminal expands them to the same stops), a wide
 * character (CJK, emoji) takes two spaces, a combining mark or a zero-width character none.
 */
export function caretPadding(line: string, column: number): string {
  const end = Math.max(0, column - 1);
  const before = line.slice(0, end);
  let padding = '';
  for (const { segment } of graphemes.segment(before)) {
    padding += segment === '\t' ? '\t' : ' '.repeat(cellWidth(segment));
  }
  // A column past the end of the line (a parse error at the end of input) keeps counting spaces.
  return padding + ' '.repeat(Math.max(0, end - before.length));
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// Drawn on no cell: combining marks, format characters (zero-width space and joiners, BOM),
// variation selectors, control characters.
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\p{Cf}|\p{Cc}|[\uFE00-\uFE0F])$/u;
// Emoji drawn as pictures by default, or made so by VS16 (U+FE0F).
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;

/**
 * East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, W and F, merged into the
 * blocks they fill): the characters a terminal draws on two cells.
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x18cff], // Tangut, Khitan
  [0x1b000, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B to F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G, H
];

function isWide(codePoint: number): boolean {
  return WIDE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** cellWidth is how many terminal cells one grapheme (a user-perceived character) takes: 0, 1 or 2. */
export function cellWidth(grapheme: string): number {
  if (EMOJI.test(grapheme)) return 2;
  for (const character of grapheme) {
    if (ZERO_WIDTH.test(character)) continue;
    // The base character decides; what follows it in the cluster combines with it.
    return isWide(character.codePointAt(0) ?? 0) ? 2 : 1;
  }
  return 0;
}
