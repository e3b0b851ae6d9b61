import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule } from '../rule.js';

/** delete-without-where: deletes every row, in one transaction that locks them all. */
export const deleteWithoutWhere: Rule = {
  id: 'delete-without-where',
  defaultSeverity: 'error',
  summary: 'DELETE without WHERE on a table that existed before the migration (deletes every row)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('DeleteStmt' in ast) || ast.DeleteStmt.whereClause !== undefined) return [];
    const table = qualifiedName(ast.DeleteStmt.relation, context);
    if (table === null || !isExistingTable(context, table)) return [];
    return [
      {
        message: `DELETE FROM ${tableKey(table)} without WHERE deletes every row${rowsNote(context, table)}`,
        help: 'Say which rows with a WHERE clause (WHERE true if you really mean all, after a backup), and delete large sets in batches.',
        offset: statementOffset(context, ast.DeleteStmt.relation?.location),
        target: tableKey(table),
      },
    ];
  },
};
