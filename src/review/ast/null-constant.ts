import type { Node } from 'libpg-query';

/**
 * isNullConstant says whether an expression is the NULL literal, however written: `NULL`,
 * `(NULL)` (the parser drops the parentheses), `NULL::int`, `CAST(NULL AS int)`,
 * `NULL COLLATE "C"`. As a column default it fills existing rows with NULL, like no default.
 */
export function isNullConstant(expression: Node | undefined): boolean {
  if (expression === undefined) return false;
  if ('A_Const' in expression) return expression.A_Const.isnull === true;
  if ('TypeCast' in expression) return isNullConstant(expression.TypeCast.arg);
  if ('CollateClause' in expression) return isNullConstant(expression.CollateClause.arg);
  return false;
}
