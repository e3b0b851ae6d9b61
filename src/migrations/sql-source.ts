import type { MigrationFile, MigrationSection } from './migration-file-types.js';
import type { LineColumn } from './text-positions.js';
import { createPositionIndex } from './text-positions.js';

/** SqlSource is SQL about to run and how to point into where it came from. */
export interface SqlSource {
  sql: string;
  /** The migration file's path, for messages. */
  file: string;
  /** True when positions are in the file itself; false for stored down SQL no longer in the file. */
  inFile: boolean;
  /** positionOf maps a JS index of `sql` to a line and column (in the file when `inFile`). */
  positionOf(offset: number): LineColumn;
}

/**
 * fileSectionSource is a section of a migration file; positions are the file's. They are mapped
 * by line and column from where the section starts, so SQL that differs from the file's text
 * only in line ends (stored down SQL applied from an LF checkout, rolled back from a CRLF one:
 * the same checksum) still points at the right spot.
 */
export function fileSectionSource(
  file: Pick<MigrationFile, 'text' | 'path'>,
  section: Pick<MigrationSection, 'sql' | 'offset'>,
): SqlSource {
  // Built when a position is first asked for: most runs never fail, and the text may not be read yet.
  let sectionStart: LineColumn | null = null;
  let sqlPosition: ((offset: number) => LineColumn) | null = null;
  return {
    sql: section.sql,
    file: file.path,
    inFile: true,
    positionOf: (offset) => {
      sectionStart ??= createPositionIndex(file.text)(section.offset);
      sqlPosition ??= createPositionIndex(section.sql);
      const at = sqlPosition(offset);
      return at.line === 1
        ? { line: sectionStart.line, column: sectionStart.column + at.column - 1 }
        : { line: sectionStart.line + at.line - 1, column: at.column };
    },
  };
}

/** storedSqlSource is down SQL from the history table; positions count from its first line. */
export function storedSqlSource(file: string, sql: string): SqlSource {
  return { sql, file, inFile: false, positionOf: createPositionIndex(sql) };
}
