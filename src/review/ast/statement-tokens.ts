import type { AlterTableCmd } from 'libpg-query';
import type { MigrationStatement } from '../../migrations/migration-file-types.js';
import { scanSql } from '../../migrations/sql-parser.js';
import type { StatementContext } from '../rule.js';
import { alterTableCommands } from './alter-table-commands.js';
import { perStatement } from './per-statement.js';
import { statementOffset } from './statement-offset.js';

/**
 * Positions the parse tree does not give: an ALTER TABLE subcommand (`AlterTableCmd` has no
 * location) and names held as bare string lists (a trigger's function, `DROP TABLE a.b`). They
 * are read from the statement's lexical tokens, scanned only when a rule asks.
 */

interface Token {
  /** JS indexes into `statement.sql`. */
  start: number;
  end: number;
  text: string;
}

const tokensByStatement = new WeakMap<MigrationStatement, Token[] | null>();

/** statementTokens lists the statement's tokens without comments; null when the text does not scan. */
function statementTokens(statement: MigrationStatement): Token[] | null {
  let tokens = tokensByStatement.get(statement);
  if (tokens !== undefined) return tokens;
  try {
    tokens = scanSql(statement.sql)
      .filter((token) => token.kind !== 'comment')
      .map((token) => ({ ...token, text: statement.sql.slice(token.start, token.end) }));
  } catch {
    // A rule never throws: without tokens the caller keeps the position it had.
    tokens = null;
  }
  tokensByStatement.set(statement, tokens);
  return tokens;
}

/** identifierText is the name a token spells: `"Quoted"` as written, anything else folded to lower case. */
function identifierText(token: Token): string {
  const { text } = token;
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"'))
    return text.slice(1, -1).replaceAll('""', '"');
  return text.toLowerCase();
}

/**
 * commandStarts gives the offset in `statement.sql` of the first token of each subcommand of an
 * ALTER TABLE, in order: the subcommands follow the table name and are separated by the commas
 * outside parentheses and brackets. Null when the count does not match the parse tree's.
 */
const commandStarts = perStatement((context: StatementContext): number[] | null => {
  const alter = alterTableCommands(context);
  if (alter === null || alter.table.location === undefined) return null;
  const tokens = statementTokens(context.statement);
  if (tokens === null) return null;
  const nameAt = statementOffset(context, alter.table.location);
  let index = tokens.findIndex((token) => token.start >= nameAt);
  if (index < 0) return null;
  // The table's name: `name`, `schema.name` or `db.schema.name`, maybe followed by `*`.
  index++;
  while (tokens[index]?.text === '.') index += 2;
  if (tokens[index]?.text === '*') index++;
  const starts: number[] = [];
  let depth = 0;
  let atStart = true;
  for (; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.text === ';' && depth === 0) break;
    if (atStart) starts.push(token.start);
    atStart = false;
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') depth = Math.max(0, depth - 1);
    else if (token.text === ',' && depth === 0) atStart = true;
  }
  return starts.length === alter.commands.length ? starts : null;
});

/**
 * alterCommandOffset is where an ALTER TABLE subcommand starts in `statement.sql` (the `DROP` of
 * `DROP COLUMN code`), for a caret that tells the subcommands of one statement apart; the table
 * name's offset when the subcommand cannot be located.
 */
export function alterCommandOffset(context: StatementContext, command: AlterTableCmd): number {
  const alter = alterTableCommands(context);
  const index = alter?.commands.indexOf(command) ?? -1;
  const start = index < 0 ? undefined : commandStarts(context)?.[index];
  return start ?? statementOffset(context, alter?.table.location);
}

/**
 * qualifiedNameOffset finds where a name is written in `statement.sql`: the first `part.part...`
 * run of tokens spelling `parts` (quoted or not, any case; a lone part not followed by `.`), or
 * null when it is not found.
 */
export function qualifiedNameOffset(statement: MigrationStatement, parts: readonly string[]): number | null {
  const tokens = statementTokens(statement);
  if (tokens === null || parts.length === 0) return null;
  const spans = (at: number): boolean => {
    for (const [i, part] of parts.entries()) {
      const token = tokens[at + 2 * i];
      if (token === undefined || identifierText(token) !== part) return false;
      if (i > 0 && tokens[at + 2 * i - 1]?.text !== '.') return false;
    }
    return parts.length > 1 || tokens[at + 1]?.text !== '.';
  };
  for (let at = 0; at < tokens.length; at++) {
    if (spans(at)) return (tokens[at] as Token).start;
  }
  return null;
}
