import { describe, expect, it } from 'vitest';
import { createPositionIndex, splitLines } from './text-positions.js';

describe('splitLines', () => {
  it('strips CR and a BOM, keeping JS indexes of the original text', () => {
    const text = '\uFEFFone\r\ntwo\r\n';
    const lines = splitLines(text);
    expect(lines.map((l) => [l.number, l.start, l.text, l.next])).toEqual([
      [1, 1, 'one', 6],
      [2, 6, 'two', 11],
      [3, 11, '', 11],
    ]);
  });
});

describe('createPositionIndex', () => {
  it('maps offsets to 1-based line and column', () => {
    const text = 'ab\ncd\r\nef';
    const at = createPositionIndex(text);
    expect(at(0)).toEqual({ line: 1, column: 1 });
    expect(at(4)).toEqual({ line: 2, column: 2 });
    expect(at(text.indexOf('f'))).toEqual({ line: 3, column: 2 });
  });

  it('does not count a BOM as a column', () => {
    const at = createPositionIndex('\uFEFFabc');
    expect(at(1)).toEqual({ line: 1, column: 1 });
    expect(at(3)).toEqual({ line: 1, column: 3 });
  });
});
