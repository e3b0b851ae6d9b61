import type { Node, TypeName } from 'libpg-query';
import { escapeIdentifier } from '../db/sql-quoting.js';
import { loadSqlParser, parseSql } from '../migrations/sql-parser.js';

/** A type name read by the real parser and rebuilt from its parts, so it is safe to put into SQL. */
export interface SqlTypeText {
  /** Name parts as the parser resolved them (`['pg_catalog', 'varchar']`, `['leaves', 'mood']`). */
  names: string[];
  /** Modifiers: `varchar(50)` -> [50], `numeric(10,2)` -> [10, 2]; `char` alone -> [1]. */
  modifiers: number[];
  isArray: boolean;
  /** The name without modifiers or array brackets, quoted (for `to_regtype`). */
  nameSql: string;
  /** The full type, quoted (`"pg_catalog"."varchar"(50)`), for casts and `pg_input_is_valid`. */
  sql: string;
}

// Keys the parser sets on a bare `SELECT <expr>`; anything else means more than a type was written.
const BARE_SELECT_KEYS = new Set(['targetList', 'limitOption', 'op']);

/**
 * parseSqlTypeText reads a type as written in SQL (`varchar(50)`, `NUMERIC(10, 2)`,
 * `timestamp with time zone`, `leaves.mood[]`) by parsing `SELECT NULL::<type>`; null when the
 * text is not exactly one type name.
 */
export async function parseSqlTypeText(text: string): Promise<SqlTypeText | null> {
  await loadSqlParser();
  const parsed = parseSql(`SELECT NULL::${text}`);
  if (!parsed.ok || parsed.statements.length !== 1) return null;
  const typeName = castTypeName(parsed.statements[0]?.ast);
  if (typeName === null) return null;
  const names = (typeName.names ?? []).map((n) => ('String' in n ? (n.String.sval ?? '') : ''));
  const modifiers = (typeName.typmods ?? []).map(integerConstant);
  if (names.length === 0 || names.includes('') || modifiers.some((m) => m === null)) return null;
  const integers = modifiers.filter((m): m is number => m !== null);
  const isArray = (typeName.arrayBounds ?? []).length > 0;
  const nameSql = names.map((n) => escapeIdentifier(n)).join('.');
  const sql = `${nameSql}${integers.length > 0 ? `(${integers.join(',')})` : ''}${isArray ? '[]' : ''}`;
  return { names, modifiers: integers, isArray, nameSql, sql };
}

function castTypeName(ast: Node | undefined): TypeName | null {
  if (ast === undefined || !('SelectStmt' in ast)) return null;
  const select = ast.SelectStmt;
  if (Object.keys(select).some((key) => !BARE_SELECT_KEYS.has(key))) return null;
  const targets = select.targetList ?? [];
  const target = targets[0];
  if (targets.length !== 1 || target === undefined || !('ResTarget' in target)) return null;
  const value = target.ResTarget.val;
  if (target.ResTarget.name !== undefined || value === undefined || !('TypeCast' in value)) return null;
  const { arg, typeName } = value.TypeCast;
  if (arg === undefined || !('A_Const' in arg) || arg.A_Const.isnull !== true) return null;
  return typeName ?? null;
}

function integerConstant(node: Node): number | null {
  if (!('A_Const' in node)) return null;
  const constant = node.A_Const;
  // The parser's JSON leaves out a zero: `numeric(5,0)` has `ival: {}`.
  if (constant.ival !== undefined) return constant.ival.ival ?? 0;
  return null;
}
