import type { SourceLine } from './text-positions.js';

/** A `-- migrate:up` or `-- migrate:down` line (dbmate's markers, so dbmate files work as they are). */
export interface MigrationMarker {
  kind: 'up' | 'down';
  line: SourceLine;
  /** dbmate's `transaction:false` option after the marker. */
  noTransaction: boolean;
}

// Same shape as dbmate: at the start of the line, case-sensitive, options after a space.
const MARKER = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/;

/** findMarkers returns the marker lines in file order. */
export function findMarkers(lines: SourceLine[]): MigrationMarker[] {
  const markers: MigrationMarker[] = [];
  for (const line of lines) {
    const match = MARKER.exec(line.text);
    if (match === null) continue;
    const options = (match[2] ?? '').split(/\s+/);
    markers.push({
      kind: match[1] === 'down' ? 'down' : 'up',
      line,
      noTransaction: options.includes('transaction:false'),
    });
  }
  return markers;
}
