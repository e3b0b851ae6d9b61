import type { Node } from 'libpg-query';

/**
 * booleanOption reads a boolean option of a parsed statement (`(CONCURRENTLY false)`,
 * `EXPLAIN (ANALYZE off)`) as PostgreSQL's defGetBoolean does: no value is true; 1 and 0;
 * true/false and on/off in any case. Null when PostgreSQL rejects the value (the statement fails).
 */
export function booleanOption(arg: Node | undefined): boolean | null {
  if (arg === undefined) return true;
  if ('Integer' in arg) {
    const value = arg.Integer.ival ?? 0;
    return value === 1 ? true : value === 0 ? false : null;
  }
  if ('Boolean' in arg) return arg.Boolean.boolval === true;
  const text = 'String' in arg ? arg.String.sval?.toLowerCase() : undefined;
  if (text === 'true' || text === 'on') return true;
  if (text === 'false' || text === 'off') return false;
  return null;
}
