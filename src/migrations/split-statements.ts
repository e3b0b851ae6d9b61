import type { Node } from 'libpg-query';
import { parseSql, type SqlSyntaxError, type SqlToken, scanSql } from './sql-parser.js';

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
 * dollar quotes, strings and comments never split. The parser's ranges can carry comments (the
 * last statement's runs to the end of the text), so each range is trimmed to its first and last
 * real token.
 */
export function splitStatements(text: string): SplitStatementsResult {
  const parsed = parseSql(text);
  if (!parsed.ok) return parsed;
  if (parsed.statements.length === 0) return { ok: true, statements: [] };
  const tokens = scanSql(text);
  const statements: SplitStatement[] = [];
  let tokenIndex = 0;
  for (const statement of parsed.statements) {
    while (tokenIndex < tokens.length && (tokens[tokenIndex]?.start ?? 0) < statement.start) tokenIndex++;
    const inside: SqlToken[] = [];
    while (tokenIndex < tokens.length && (tokens[tokenIndex]?.end ?? 0) <= statement.end) {
      const token = tokens[tokenIndex++];
      if (token !== undefined && token.kind !== 'comment') inside.push(token);
    }
    while (inside.at(-1)?.kind === 'semicolon') inside.pop();
    const first = inside[0];
    const last = inside.at(-1);
    if (first === undefined || last === undefined) continue;
    statements.push({ sql: text.slice(first.start, last.end), offset: first.start, ast: statement.ast });
  }
  return { ok: true, statements };
}
