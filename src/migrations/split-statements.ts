import type { Node } from 'libpg-query';
import { parseSql, type SqlSyntaxError, scanSql } from './sql-parser.js';

/** One statement of a SQL text: its exact source, without surrounding comments and semicolon. */
export interface SplitStatement {
  sql: string;
  /** JS index of the statement's first character in the text that was split. */
  offset: number;
  ast: Node;
}

export type SplitStatementsResult =
  | { ok: true; statements: SplitStatement[] }
  | { ok: false; error: SqlSyntaxError };

/**
 * splitStatements cuts SQL text into statements with the real parser, so semicolons inside
 * dollar quotes, strings and comments never split. The parser's ranges can carry blanks and
 * comments around the statement (the last one's runs to the end of the text), so each range is
 * trimmed to its first and last real token.
 */
export function splitStatements(text: string): SplitStatementsResult {
  const parsed = parseSql(text);
  if (!parsed.ok) return parsed;
  const statements: SplitStatement[] = [];
  for (const statement of parsed.statements) {
    const range = tokenRange(text, statement.start, statement.end);
    if (range === null) continue;
    statements.push({ sql: text.slice(range.start, range.end), offset: range.start, ast: statement.ast });
  }
  return { ok: true, statements };
}

/**
 * tokenRange narrows a parsed statement's range to its first and last real token. Before the first
 * token there are only blanks and comments (a range starts after the previous semicolon), so a
 * forward skip finds it. The end is plain when the range, blanks trimmed, cannot end in a comment
 * or semicolon; otherwise (a `--` on its last line, a trailing `*` `/` or `;`, rare) the statement
 * alone is lexed, as scanning every statement would cost more than the parse itself.
 */
function tokenRange(text: string, start: number, end: number): { start: number; end: number } | null {
  const first = skipBlanksAndComments(text, start, end);
  if (first >= end) return null;
  let last = end;
  while (last > first && isSqlBlank(text.charCodeAt(last - 1))) last--;
  const lastLineStart = Math.max(text.lastIndexOf('\n', last - 1), text.lastIndexOf('\r', last - 1)) + 1;
  const mayEndInCommentOrSemicolon =
    text[last - 1] === ';' ||
    text.startsWith('*/', last - 2) ||
    text.slice(Math.max(first, lastLineStart), last).includes('--');
  if (!mayEndInCommentOrSemicolon) return { start: first, end: last };
  const tokens = scanSql(text.slice(first, end)).filter(
    (token) => token.kind !== 'comment' && token.kind !== 'semicolon',
  );
  const lastToken = tokens.at(-1);
  return lastToken === undefined ? null : { start: first, end: first + lastToken.end };
}

/** skipBlanksAndComments returns the index of the first character of `text` from `from` that is neither. */
function skipBlanksAndComments(text: string, from: number, end: number): number {
  let index = from;
  while (index < end) {
    if (isSqlBlank(text.charCodeAt(index))) index++;
    else if (text.startsWith('--', index)) index = lineCommentEnd(text, index, end);
    else if (text.startsWith('/*', index)) index = blockCommentEnd(text, index, end);
    else return index;
  }
  return end;
}

/** A `--` comment runs to the end of its line (Postgres ends it at `\n` or `\r`). */
function lineCommentEnd(text: string, from: number, end: number): number {
  for (let index = from + 2; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === NEWLINE || code === CARRIAGE_RETURN) return index + 1;
  }
  return end;
}

/** Block comments nest in Postgres: `/* a /* b *\/ c *\/` is one comment. */
function blockCommentEnd(text: string, from: number, end: number): number {
  let depth = 0;
  let index = from;
  while (index < end) {
    if (text.startsWith('/*', index)) {
      depth++;
      index += 2;
    } else if (text.startsWith('*/', index)) {
      depth--;
      index += 2;
      if (depth === 0) return index;
    } else index++;
  }
  return end;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** isSqlBlank: Postgres' lexer whitespace (space, tab, newline, carriage return, form feed, vertical tab). */
function isSqlBlank(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}
