import { readsStartMark, START_MARK_SQL } from './history-table.js';
import { type MigrationSettings, migrationSettingsSql } from './migration-settings.js';

/** A transaction as one SQL text: the server runs it in one round trip. */
export interface TransactionBatch {
  sql: string;
  /** Code points before the section's text: a server error position minus this lands in the section. */
  sectionStart: number;
  /** JS index of the section's text in `sql`. */
  sectionOffset: number;
  /** Code points of the section's text. */
  sectionLength: number;
}

/**
 * transactionBatch wraps a section's SQL, as written, with BEGIN, the settings, the history write
 * and COMMIT (and, for an apply, a mark of when the transaction began). Sending it in one simple-protocol message costs one round trip per migration, and
 * the section keeps its exact text, so a server error position maps back into the file.
 */
export function transactionBatch(
  settings: MigrationSettings,
  sectionSql: string,
  historySql: string,
): TransactionBatch {
  const mark = readsStartMark(historySql) ? `${START_MARK_SQL}\n` : '';
  const prefix = `BEGIN;\n${mark}${migrationSettingsSql(settings, 'local')}\n`;
  // A newline before the semicolon ends a trailing `--` comment; an extra `;` is an empty statement.
  const suffix = `\n;\n${historySql};\nCOMMIT;\n`;
  return {
    sql: prefix + sectionSql + suffix,
    sectionStart: codePointLength(prefix),
    sectionOffset: prefix.length,
    sectionLength: codePointLength(sectionSql),
  };
}

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
