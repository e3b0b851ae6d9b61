import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedService } from '../config/resolved-config.js';
import { isMigrationFileName, migrationPathsUnder } from './discover-migrations.js';
import { openMigrationFileIndex } from './migration-file-index.js';
import { parseMigrationFileName } from './migration-file-name.js';
import { type RecalledFile, readMigrationText, recallOrReadFile } from './migration-file-reads.js';
import { findMarkers } from './migration-markers.js';
import { splitLines } from './text-positions.js';

/** DownSectionFile is what a rollback needs of a migration file: where it is and its down text. */
export interface DownSectionFile {
  id: number;
  path: string;
  absolutePath: string;
  format: 'sql' | 'ts';
  /**
   * The file's checksum. Equal to the history row's, the file is as it was applied: its down
   * section is the stored SQL. From the file index when the file is unchanged since indexed;
   * then `text` and `down` read the file only when used (to point a failure into it).
   */
  checksum: string;
  readonly text: string;
  /** The down section's text and its offset in the file (as the parser cuts it); null when none. */
  readonly down: { sql: string; offset: number } | null;
}

/**
 * readDownSections reads the files of the given ids with only the section markers located: a
 * rollback runs stored SQL and compares it with the file, so it needs no statement parsing
 * (which would cost a full parse of every file for `down --to 0`). A file the migration file
 * index knows unchanged is not read at all. First file per id wins.
 */
export async function readDownSections(
  service: ResolvedService,
  rootDir: string,
  ids: ReadonlySet<number>,
): Promise<Map<number, DownSectionFile>> {
  let names: string[];
  try {
    names = (await readdir(service.migrationsDir)).filter(isMigrationFileName).sort();
  } catch {
    return new Map();
  }
  const index = openMigrationFileIndex(rootDir, service.name, service.migrationsDir);
  const relativeOf = migrationPathsUnder(rootDir, service.migrationsDir);
  const files = new Map<number, DownSectionFile>();
  for (const fileName of names) {
    const parsed = parseMigrationFileName(fileName);
    if (!ids.has(parsed.id) || files.has(parsed.id)) continue;
    const absolutePath = path.join(service.migrationsDir, fileName);
    // The index is only read here (nothing is saved): discovery keeps it current.
    let recalled: RecalledFile;
    try {
      recalled = recallOrReadFile(index, absolutePath, fileName);
    } catch {
      continue;
    }
    const { checksum } = recalled;
    let text = recalled.text;
    let down: DownSectionFile['down'] | undefined;
    const textOf = (): string => {
      text ??= readTextOrEmpty(absolutePath);
      return text;
    };
    files.set(parsed.id, {
      id: parsed.id,
      path: relativeOf(fileName),
      absolutePath,
      format: parsed.format,
      checksum,
      get text() {
        return textOf();
      },
      get down() {
        if (down === undefined) down = parsed.format === 'sql' ? downSectionOf(textOf()) : null;
        return down;
      },
    });
  }
  return files;
}

function downSectionOf(text: string): DownSectionFile['down'] {
  const markers = findMarkers(splitLines(text));
  const down = markers.find((marker) => marker.kind === 'down');
  if (down === undefined) return null;
  const next = markers.find((marker) => marker.line.start > down.line.start);
  return { sql: text.slice(down.line.next, next?.line.start ?? text.length), offset: down.line.next };
}

/** A file gone since it was listed reads as empty: only a failure's position is looked up in it. */
function readTextOrEmpty(absolutePath: string): string {
  try {
    return readMigrationText(absolutePath);
  } catch {
    return '';
  }
}
