/**
 * Lines and line/column positions of a source text. Columns are 1-based and counted in UTF-16
 * code units (what editors and SARIF use). A byte order mark is not a column: line 1 starts
 * after it. Lines end at `\n`; a `\r` before it is not part of the line's text.
 */

const BOM = '\uFEFF';

export interface SourceLine {
  /** 1-based line number. */
  number: number;
  /** JS index of the line's first character. */
  start: number;
  /** The line's text, without the line ending (and without a BOM on line 1). */
  text: string;
  /** JS index just after the line ending (the next line's start), or the text's length. */
  next: number;
}

export interface LineColumn {
  line: number;
  column: number;
}

/** splitLines returns every line of `text`, the last one even when empty. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = text.startsWith(BOM) ? BOM.length : 0;
  for (let number = 1; ; number++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    const next = newline === -1 ? text.length : newline + 1;
    lines.push({ number, start, text: text.slice(start, contentEnd), next });
    if (newline === -1) return lines;
    start = next;
  }
}

/** createPositionIndex maps a JS index of `text` to its 1-based line and column. */
export function createPositionIndex(text: string): (offset: number) => LineColumn {
  const starts = splitLines(text).map((line) => line.start);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: Math.max(1, offset - (starts[low] ?? 0) + 1) };
  };
}
