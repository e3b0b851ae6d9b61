import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { findInvalidUtf8, InvalidUtf8Error } from './invalid-utf8.js';
import { fileStampOf, type MigrationFileIndex } from './migration-file-index.js';

/** How many migration files were read from disk in this process: lets tests assert what the index saved. */
let filesRead = 0;

export function migrationFileReadCount(): number {
  return filesRead;
}

/**
 * migrationChecksum is a migration file's checksum: SHA-256 (hex) of its text with CRLF line ends
 * read as LF. A Windows checkout (git's `core.autocrlf`) of a file applied from a Linux one is
 * the same migration, not an edit.
 */
export function migrationChecksum(text: string): string {
  return rawChecksum(text.includes('\r\n') ? text.replaceAll('\r\n', '\n') : text);
}

/**
 * matchesAppliedChecksum: the file's checksum is the stored one, or the stored one is what
 * earlier builds of dbward computed for this text (SHA-256 of the text as it was, CRLF included),
 * from this checkout or from one with the other line ends.
 */
export function matchesAppliedChecksum(
  file: { checksum: string; readonly text: string },
  stored: string,
): boolean {
  if (file.checksum === stored) return true;
  try {
    const text = file.text;
    if (text.includes('\r\n')) return rawChecksum(text) === stored;
    // Recorded from a CRLF checkout, now an LF one.
    return text.includes('\n') && rawChecksum(text.replaceAll('\n', '\r\n')) === stored;
  } catch {
    return false;
  }
}

function rawChecksum(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * readMigrationText reads a migration file's text. Synchronously, like every read of these small
 * files: for a thousand of them ~20 ms, against ~250 ms through fs/promises (four thread-pool trips
 * per file). Throws what the read throws, and an InvalidUtf8Error for a file that is not UTF-8
 * (so neither its text nor its checksum is ever taken from a lossy decoding). A BOM stays in the text.
 */
export function readMigrationText(absolutePath: string): string {
  filesRead++;
  const bytes = readFileSync(absolutePath);
  if (!isUtf8(bytes)) {
    const found = findInvalidUtf8(bytes);
    if (found !== null) throw new InvalidUtf8Error(found);
  }
  return bytes.toString('utf8');
}

/** A migration file's checksum, and its text when it had to be read for it. */
export interface RecalledFile {
  checksum: string;
  /** Null when the index knew the checksum: the file was not read. */
  text: string | null;
}

/**
 * recallOrReadFile gives a file's checksum: from the index after one stat when the file is as the
 * index recorded it, else by reading and hashing it (and recording it in the index). The stat
 * comes before the read, so an edit in between leaves the old stamp with the new checksum: a miss
 * next time, never a stale hit. Without an index, it reads. Throws what stat and read throw.
 */
export function recallOrReadFile(
  index: MigrationFileIndex | null,
  absolutePath: string,
  fileName: string,
): RecalledFile {
  const stamp = index === null ? null : fileStampOf(statSync(absolutePath));
  const known = stamp === null ? null : (index?.checksumOf(fileName, stamp) ?? null);
  if (known !== null) return { checksum: known, text: null };
  const text = readMigrationText(absolutePath);
  const checksum = migrationChecksum(text);
  if (stamp !== null) index?.remember(fileName, stamp, checksum);
  return { checksum, text };
}
