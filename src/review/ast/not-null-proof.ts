import type { Node } from 'libpg-query';
import { parseSql } from '../../migrations/sql-parser.js';
import { isNotNullTestOf } from '../schema-model/expression-text.js';

const provenByDefinition = new Map<string, ReadonlySet<string>>();

/**
 * checkProvesNotNull: a validated CHECK constraint lets PostgreSQL (12+) skip SET NOT NULL's
 * scan when its expression implies `col IS NOT NULL`. A CHECK also holds when its expression is
 * NULL, so only `col IS NOT NULL` (or `NOT (col IS NULL)`), alone or as one operand of a top-level AND, proves it
 * (`CHECK (a > 0)` admits a NULL a). `definition` is `pg_get_constraintdef`'s text or the schema
 * model's (`CHECK ((a IS NOT NULL) AND (b > 0))`); the parser reads either.
 */
export function checkProvesNotNull(definition: string, column: string): boolean {
  let proven = provenByDefinition.get(definition);
  if (proven === undefined) {
    proven = notNullColumnsOf(definition);
    provenByDefinition.set(definition, proven);
  }
  return proven.has(column);
}

function notNullColumnsOf(definition: string): ReadonlySet<string> {
  const expression = /^CHECK\s*(\(.*\))(?:\s+NO\s+INHERIT)?(?:\s+NOT\s+VALID)?$/is.exec(
    definition.trim(),
  )?.[1];
  if (expression === undefined) return new Set();
  // The schema model writes what it cannot print as `...`; any expression in its place keeps the
  // top-level AND readable (`(a IS NOT NULL) AND ...`), and none of them proves a column.
  const parsed = parseSql(`SELECT WHERE ${expression.replaceAll('...', 'NULL')}`);
  const statement = parsed.ok ? parsed.statements[0]?.ast : undefined;
  const where =
    statement !== undefined && 'SelectStmt' in statement ? statement.SelectStmt.whereClause : undefined;
  const columns = new Set<string>();
  const visit = (node: Node | undefined): void => {
    if (node !== undefined && 'BoolExpr' in node && node.BoolExpr.boolop === 'AND_EXPR') {
      for (const operand of node.BoolExpr.args ?? []) visit(operand);
      return;
    }
    // PostgreSQL folds `NOT (col IS NULL)` into `col IS NOT NULL` before it compares.
    const negated =
      node !== undefined && 'BoolExpr' in node && node.BoolExpr.boolop === 'NOT_EXPR'
        ? isNullTestOf(node.BoolExpr.args?.[0])
        : null;
    const column = negated ?? isNotNullTestOf(node) ?? qualifiedNotNullTestOf(node);
    if (column !== null) columns.add(column);
  };
  visit(where);
  return columns;
}

/** isNullTestOf is the column of an expression that is exactly `col IS NULL`, else null. */
function isNullTestOf(node: Node | undefined): string | null {
  if (node === undefined || !('NullTest' in node) || node.NullTest.nulltesttype !== 'IS_NULL') return null;
  return isNotNullTestOf({ NullTest: { ...node.NullTest, nulltesttype: 'IS_NOT_NULL' } });
}

/** qualifiedNotNullTestOf: `t.col IS NOT NULL` (a CHECK may name its own table), else null. */
function qualifiedNotNullTestOf(node: Node | undefined): string | null {
  if (node === undefined || !('NullTest' in node) || node.NullTest.nulltesttype !== 'IS_NOT_NULL')
    return null;
  const arg = node.NullTest.arg;
  if (arg === undefined || !('ColumnRef' in arg)) return null;
  const fields = arg.ColumnRef.fields ?? [];
  const last = fields.at(-1);
  return fields.length > 1 && last !== undefined && 'String' in last ? (last.String.sval ?? null) : null;
}
