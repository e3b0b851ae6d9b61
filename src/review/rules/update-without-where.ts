import { type DataModifyingStatement, dataModifyingStatements } from '../ast/data-modifying-statements.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { mergeActionOnEveryRow } from '../ast/merge-every-row-action.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule, RuleViolation } from '../rule.js';

/** updatesEveryRow: an UPDATE without WHERE, or a MERGE whose unconditional UPDATE every row can reach. */
function updatesEveryRow(found: DataModifyingStatement): boolean {
  if (found.kind === 'update') return found.statement.whereClause === undefined;
  return found.kind === 'merge' && mergeActionOnEveryRow(found.statement) === 'update';
}

/**
 * update-without-where: overwrites every row and holds row locks on all of them until commit.
 * Also inside a WITH query, which runs whether or not the outer statement reads its rows.
 */
export const updateWithoutWhere: Rule = {
  id: 'update-without-where',
  defaultSeverity: 'error',
  summary: 'UPDATE without WHERE on a table that existed before the migration (overwrites every row)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const found of dataModifyingStatements(context)) {
      if (!updatesEveryRow(found)) continue;
      const relation = found.statement.relation;
      const table = qualifiedName(relation, context);
      if (table === null || !isExistingTable(context, table)) continue;
      const inCte = found.cte === null ? '' : ` (in WITH ${found.cte})`;
      const rows = rowsNote(context, table);
      violations.push(
        found.kind === 'merge'
          ? {
              message: `MERGE INTO ${tableKey(table)}${inCte} WHEN MATCHED THEN UPDATE, on a join condition that names no column of ${tableKey(table)}, overwrites every row${rows} when the source has one, and locks them all until the migration commits`,
              help: 'Join on the columns that say which rows (ON t.id = s.id), or put the condition on the clause (WHEN MATCHED AND ... THEN UPDATE); backfill large tables in batches outside the schema migration.',
              offset: statementOffset(context, relation?.location),
              target: tableKey(table),
            }
          : {
              message: `UPDATE ${tableKey(table)}${inCte} without WHERE overwrites every row${rows} and locks them all until the migration commits`,
              help: 'Backfill in batches outside the schema migration (WHERE id BETWEEN ... or WHERE col IS NULL LIMIT n in a loop), or add a WHERE clause that says which rows.',
              offset: statementOffset(context, relation?.location),
              target: tableKey(table),
            },
      );
    }
    return violations;
  },
};
