import type { SourceLine } from './text-positions.js';

const SQL_COMMENT = /^--\s?(.*)$/;
const NOT_DESCRIPTION = /^--\s*(?:dbward:|migrate:)/;

/**
 * readsAsSqlDescription: `text` written as the comment line `-- <text>` is read back as a
 * description, not skipped as a marker or directive (which would also change what the file does:
 * `-- migrate:down` ends the up section, `-- dbward:no-transaction` drops the transaction).
 */
export function readsAsSqlDescription(text: string): boolean {
  return !NOT_DESCRIPTION.test(`-- ${text.trim()}`);
}

/**
 * sqlDescription is the first non-empty `-- ` comment line before the up marker (`-- Add users
 * table`), skipping directives. With no up marker (`beforeLine` null) every line is considered.
 */
export function sqlDescription(lines: SourceLine[], beforeLine: number | null): string | null {
  for (const line of lines) {
    if (beforeLine !== null && line.number >= beforeLine) break;
    const text = line.text.trim();
    if (NOT_DESCRIPTION.test(text)) continue;
    const description = SQL_COMMENT.exec(text)?.[1]?.trim();
    // `----` rulers and empty comments say nothing.
    if (description !== undefined && /[\p{L}\p{N}]/u.test(description)) return description;
  }
  return null;
}

/** tsDescription is the text of a TS migration's leading `//` comment or the first line of its JSDoc. */
export function tsDescription(text: string): string | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let inBlock = false;
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (!inBlock) {
      if (line === '' || line.startsWith('#!')) continue;
      if (line.startsWith('//')) {
        const description = line.replace(/^\/+/, '').trim();
        if (description !== '') return description;
        continue;
      }
      if (!line.startsWith('/*')) return null;
      inBlock = true;
    }
    const description = line
      .replace(/^\/\*+/, '')
      .replace(/\*+\/$/, '')
      .replace(/^\*+/, '')
      .trim();
    if (description !== '') return description;
    if (line.endsWith('*/')) inBlock = false;
  }
  return null;
}
