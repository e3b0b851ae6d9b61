import type { LineColumn } from './text-positions.js';

/** Where a file stops being valid UTF-8, and the bytes there (for the message). */
export interface InvalidUtf8 extends LineColumn {
  /** The bad sequence as Postgres prints it: `0xe9 0x27`. */
  bytes: string;
}

/**
 * InvalidUtf8Error: a migration file is not valid UTF-8. Decoding it anyway would replace the bad
 * bytes with U+FFFD, so the migration would store other data than the file holds.
 */
export class InvalidUtf8Error extends Error {
  readonly line: number;
  readonly column: number;

  constructor(found: InvalidUtf8) {
    super(
      `not valid UTF-8 (invalid byte sequence ${found.bytes}); dbward reads migrations as UTF-8: save the file as UTF-8`,
    );
    this.name = 'InvalidUtf8Error';
    this.line = found.line;
    this.column = found.column;
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * findInvalidUtf8 locates the first byte sequence of `bytes` that is not valid UTF-8 (as the
 * WHATWG decoder judges it: overlong forms, surrogates and code points above U+10FFFF included),
 * at the line and column (UTF-16 code units, a BOM not counted) its first byte would have; null
 * when all of it is valid.
 */
export function findInvalidUtf8(bytes: Uint8Array): InvalidUtf8 | null {
  const bad = firstInvalidSequence(bytes);
  if (bad === null) return null;
  const { offset, length } = bad;
  let line = 1;
  let lineStart = UTF8_BOM.every((byte, i) => bytes[i] === byte) ? UTF8_BOM.length : 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Everything before `offset` is valid, so decoding it gives the line's characters exactly.
  const column = new TextDecoder().decode(bytes.subarray(lineStart, offset)).length + 1;
  const sequence = Array.from(bytes.subarray(offset, offset + length), hex);
  return { line, column, bytes: sequence.join(' ') };
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

/** How many bytes a sequence with this lead byte claims (1 for a byte that cannot lead one). */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/**
 * firstInvalidSequence: where the first invalid sequence starts, and its length up to and including
 * the byte that breaks it (null: none).
 */
function firstInvalidSequence(bytes: Uint8Array): { offset: number; length: number } | null {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 1) return { offset: i, length: 1 };
    // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4).
    const secondLow = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const secondHigh = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      const low = k === 1 ? secondLow : 0x80;
      const high = k === 1 ? secondHigh : 0xbf;
      if (byte === undefined) return { offset: i, length: k };
      if (byte < low || byte > high) return { offset: i, length: k + 1 };
    }
    i += length;
  }
  return null;
}
