import type { MigrationSection } from '../../migrations/migration-file-types.js';
import { createByteToCharIndex } from '../../migrations/utf8-offsets.js';
import type { StatementContext } from '../rule.js';

// The parser's `location` fields are UTF-8 byte offsets into the whole section it parsed; the
// byte-to-char map of a section is built once and shared by every rule that asks.
const byteMaps = new WeakMap<MigrationSection, (byteOffset: number) => number>();

/**
 * statementOffset converts an AST node's `location` to a character offset inside
 * `statement.sql` (the caret position of a RuleViolation); 0 when unknown or out of range.
 */
export function statementOffset(
  context: Pick<StatementContext, 'file' | 'section' | 'statement'>,
  location: number | undefined,
): number {
  if (location === undefined || location < 0) return 0;
  const section = context.file[context.section];
  if (section === null) return 0;
  let byteToChar = byteMaps.get(section);
  if (byteToChar === undefined) {
    byteToChar = createByteToCharIndex(section.sql);
    byteMaps.set(section, byteToChar);
  }
  const offset = byteToChar(location) - (context.statement.offset - section.offset);
  return offset >= 0 && offset <= context.statement.sql.length ? offset : 0;
}
