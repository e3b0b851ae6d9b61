import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule } from '../rule.js';

/** update-without-where: overwrites every row and holds row locks on all of them until commit. */
export const updateWithoutWhere: Rule = {
  id: 'update-without-where',
  defaultSeverity: 'error',
  summary: 'UPDATE without WHERE on a table that existed before the migration (overwrites every row)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('UpdateStmt' in ast) || ast.UpdateStmt.whereClause !== undefined) return [];
    const table = qualifiedName(ast.UpdateStmt.relation, context);
    if (table === null || !isExistingTable(context, table)) return [];
    return [
      {
        message: `UPDATE ${tableKey(table)} without WHERE overwrites every row${rowsNote(context, table)} and locks them all until the migration commits`,
        help: 'Backfill in batches outside the schema migration (WHERE id BETWEEN ... or WHERE col IS NULL LIMIT n in a loop), or add a WHERE clause that says which rows.',
        offset: statementOffset(context, ast.UpdateStmt.relation?.location),
        target: tableKey(table),
      },
    ];
  },
};
