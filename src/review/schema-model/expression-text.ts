import type { A_Const, Node } from 'libpg-query';
import { stringValues } from '../ast/string-values.js';
import { quoteIdentifier } from './quote-identifier.js';

/**
 * Approximate SQL text of a parse-tree expression, for the fields the model does not need exact
 * (check definitions other than `col IS NOT NULL`, defaults, index expressions and predicates).
 * It is close to what pg_get_expr prints for simple expressions, but it knows no types, so
 * implicit casts the server adds (`lower((email)::text)`) are missing; unknown shapes print `...`.
 */
export function expressionText(node: Node | undefined): string {
  if (node === undefined) return '...';
  if ('ColumnRef' in node) {
    const fields = node.ColumnRef.fields ?? [];
    return fields
      .map((field) => ('String' in field ? quoteIdentifier(field.String.sval ?? '') : '*'))
      .join('.');
  }
  if ('A_Const' in node) return constantText(node.A_Const);
  if ('FuncCall' in node) {
    const call = node.FuncCall;
    const args = call.agg_star === true ? '*' : (call.args ?? []).map(expressionText).join(', ');
    return `${stringValues(call.funcname).join('.')}(${args})`;
  }
  if ('TypeCast' in node) {
    const type = stringValues(node.TypeCast.typeName?.names).filter((name) => name !== 'pg_catalog');
    return `(${expressionText(node.TypeCast.arg)})::${type.join('.')}`;
  }
  if ('NullTest' in node) {
    const test = node.NullTest.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL';
    return `(${expressionText(node.NullTest.arg)} ${test})`;
  }
  if ('A_Expr' in node && node.A_Expr.kind === 'AEXPR_OP') {
    const operator = stringValues(node.A_Expr.name).join('.');
    const left = node.A_Expr.lexpr === undefined ? '' : `${expressionText(node.A_Expr.lexpr)} `;
    return `(${left}${operator} ${expressionText(node.A_Expr.rexpr)})`;
  }
  if ('BoolExpr' in node) {
    const args = (node.BoolExpr.args ?? []).map(expressionText);
    if (node.BoolExpr.boolop === 'NOT_EXPR') return `(NOT ${args[0] ?? '...'})`;
    return `(${args.join(node.BoolExpr.boolop === 'AND_EXPR' ? ' AND ' : ' OR ')})`;
  }
  if ('SQLValueFunction' in node)
    return (node.SQLValueFunction.op ?? '').replace(/^SVFOP_/, '').toLowerCase();
  return '...';
}

function constantText(constant: A_Const): string {
  if (constant.isnull === true) return 'NULL';
  if (constant.ival !== undefined) return String(constant.ival.ival ?? 0);
  if (constant.fval !== undefined) return constant.fval.fval ?? '0';
  if (constant.boolval !== undefined) return constant.boolval.boolval === true ? 'true' : 'false';
  if (constant.sval !== undefined) return `'${(constant.sval.sval ?? '').replaceAll("'", "''")}'`;
  return '...';
}

/** isNotNullTestOf is the column of an expression that is exactly `col IS NOT NULL`, else null. */
export function isNotNullTestOf(node: Node | undefined): string | null {
  if (node === undefined || !('NullTest' in node) || node.NullTest.nulltesttype !== 'IS_NOT_NULL')
    return null;
  const arg = node.NullTest.arg;
  if (arg === undefined || !('ColumnRef' in arg)) return null;
  const fields = stringValues(arg.ColumnRef.fields);
  return fields.length === 1 && (arg.ColumnRef.fields ?? []).length === 1 ? (fields[0] ?? null) : null;
}

/**
 * referencedColumns lists the column names an expression reads, once each, in the order written
 * (a check constraint's `conkey` is these, by column position).
 */
export function referencedColumns(node: Node | undefined): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if ('ColumnRef' in value) {
      const ref = (value as { ColumnRef: { fields?: Node[] } }).ColumnRef;
      const name = stringValues(ref.fields).at(-1);
      if (name !== undefined && !found.includes(name)) found.push(name);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(node);
  return found;
}

/**
 * indexExpressionName is the name PostgreSQL gives an index expression column when it generates
 * the index name (FigureIndexColname: a function's name, a cast's type...), or `expr`.
 */
export function indexExpressionName(node: Node | undefined): string {
  return figureName(node)?.name ?? 'expr';
}

interface FiguredName {
  name: string;
  /** FigureColnameInternal's strength: 2 for a real name, 1 for a fallback like a type name. */
  strength: number;
}

function figureName(node: Node | undefined): FiguredName | null {
  if (node === undefined) return null;
  if ('ColumnRef' in node) {
    const last = (node.ColumnRef.fields ?? []).at(-1);
    return last !== undefined && 'String' in last ? { name: last.String.sval ?? '', strength: 2 } : null;
  }
  if ('FuncCall' in node) {
    const name = stringValues(node.FuncCall.funcname).at(-1);
    return name === undefined ? null : { name, strength: 2 };
  }
  if ('TypeCast' in node) {
    const inner = figureName(node.TypeCast.arg);
    if (inner !== null && inner.strength > 1) return inner;
    const type = stringValues(node.TypeCast.typeName?.names).at(-1);
    return type === undefined ? inner : { name: type, strength: 1 };
  }
  if ('CollateClause' in node) return figureName(node.CollateClause.arg);
  if ('A_Expr' in node && node.A_Expr.kind === 'AEXPR_NULLIF') return { name: 'nullif', strength: 2 };
  if ('CoalesceExpr' in node) return { name: 'coalesce', strength: 2 };
  if ('CaseExpr' in node) return { name: 'case', strength: 1 };
  if ('MinMaxExpr' in node)
    return { name: node.MinMaxExpr.op === 'IS_GREATEST' ? 'greatest' : 'least', strength: 2 };
  return null;
}
