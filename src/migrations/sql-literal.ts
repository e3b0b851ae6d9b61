import { escapeIdentifier, escapeLiteral } from '../db/sql-quoting.js';

/** sqlLiteral quotes a value for SQL text that is printed or sent without parameters. */
export function sqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`sqlLiteral: ${value} is not a finite number`);
    return String(value);
  }
  return escapeLiteral(value);
}

/** quoteIdentifier quotes a schema or table name. */
export function quoteIdentifier(name: string): string {
  return escapeIdentifier(name);
}
