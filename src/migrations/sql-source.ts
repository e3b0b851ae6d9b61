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

/** fileSectionSource is a section of a migration file; positions are the file's. */
export function fileSectionSource(
  file: Pick<MigrationFile, 'text' | 'path'>,
  section: Pick<MigrationSection, 'sql' | 'offset'>,
): SqlSource {
  // Built when a position is first asked for: most runs never fail, and the text may not be read yet.
  let filePosition: ((offset: number) => LineColumn) | null = null;
  return {
    sql: section.sql,
    file: file.path,
    inFile: true,
    positionOf: (offset) => {
      filePosition ??= createPositionIndex(file.text);
      return filePosition(section.offset + offset);
    },
  };
}

/** storedSqlSource is down SQL from the history table; positions count from its first line. */
export function storedSqlSource(file: string, sql: string): SqlSource {
  return { sql, file, inFile: false, positionOf: createPositionIndex(sql) };
}
