import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedService } from '../config/resolved-config.js';
import { isMigrationFileName } from './discover-migrations.js';
import { parseMigrationFileName } from './migration-file-name.js';
import { findMarkers } from './migration-markers.js';
import { splitLines } from './text-positions.js';

/** DownSectionFile is what a rollback needs of a migration file: where it is and its down text. */
export interface DownSectionFile {
  id: number;
  path: string;
  absolutePath: string;
  format: 'sql' | 'ts';
  text: string;
  /** The down section's text and its offset in the file (as the parser cuts it); null when none. */
  down: { sql: string; offset: number } | null;
}

/**
 * readDownSections reads the files of the given ids with only the section markers located: a
 * rollback runs stored SQL and compares it with the file, so it needs no statement parsing
 * (which would cost a full parse of every file for `down --to 0`). First file per id wins.
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
  const files = new Map<number, DownSectionFile>();
  for (const fileName of names) {
    const parsed = parseMigrationFileName(fileName);
    if (!ids.has(parsed.id) || files.has(parsed.id)) continue;
    const absolutePath = path.join(service.migrationsDir, fileName);
    const text = readTextOrNull(absolutePath);
    if (text === null) continue;
    files.set(parsed.id, {
      id: parsed.id,
      path: path.relative(rootDir, absolutePath).split(path.sep).join('/'),
      absolutePath,
      format: parsed.format,
      text,
      down: parsed.format === 'sql' ? downSectionOf(text) : null,
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

/** Read synchronously, like discovery: one awaited fs/promises read per file would dominate `down --to 0`. */
function readTextOrNull(absolutePath: string): string | null {
  try {
    return readFileSync(absolutePath, 'utf8');
  } catch {
    return null;
  }
}
