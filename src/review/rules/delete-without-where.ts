import { type DataModifyingStatement, dataModifyingStatements } from '../ast/data-modifying-statements.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { mergeActionOnEveryRow } from '../ast/merge-every-row-action.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule, RuleViolation } from '../rule.js';

/** deletesEveryRow: a DELETE without WHERE, or a MERGE whose unconditional DELETE every row can reach. */
function deletesEveryRow(found: DataModifyingStatement): boolean {
  if (found.kind === 'delete') return found.statement.whereClause === undefined;
  return found.kind === 'merge' && mergeActionOnEveryRow(found.statement) === 'delete';
}

/**
 * delete-without-where: deletes every row, in one transaction that locks them all. Also inside a
 * WITH query, which runs whether or not the outer statement reads its rows.
 */
export const deleteWithoutWhere: Rule = {
  id: 'delete-without-where',
  defaultSeverity: 'error',
  summary: 'DELETE without WHERE on a table that existed before the migration (deletes every row)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const found of dataModifyingStatements(context)) {
      if (!deletesEveryRow(found)) continue;
      const relation = found.statement.relation;
      const table = qualifiedName(relation, context);
      if (table === null || !isExistingTable(context, table)) continue;
      const inCte = found.cte === null ? '' : ` (in WITH ${found.cte})`;
      const rows = rowsNote(context, table);
      violations.push(
        found.kind === 'merge'
          ? {
              message: `MERGE INTO ${tableKey(table)}${inCte} WHEN MATCHED THEN DELETE, on a join condition that names no column of ${tableKey(table)}, deletes every row${rows} when the source has one`,
              help: 'Join on the columns that say which rows (ON t.id = s.id), or put the condition on the clause (WHEN MATCHED AND ... THEN DELETE).',
              offset: statementOffset(context, relation?.location),
              target: tableKey(table),
            }
          : {
              message: `DELETE FROM ${tableKey(table)}${inCte} without WHERE deletes every row${rows}`,
              help: 'Say which rows with a WHERE clause (WHERE true if you really mean all, after a backup), and delete large sets in batches.',
              offset: statementOffset(context, relation?.location),
              target: tableKey(table),
            },
      );
    }
    return violations;
  },
};
