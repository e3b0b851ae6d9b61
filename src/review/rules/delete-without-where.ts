import { everyRowActions } from '../ast/every-row-actions.js';
import type { Rule } from '../rule.js';

/**
 * delete-without-where: deletes every row, in one transaction that locks them all. Also inside a
 * WITH query, which runs whether or not the outer statement reads its rows, and a MERGE whose
 * unconditional DELETE every row can reach.
 */
export const deleteWithoutWhere: Rule = {
  id: 'delete-without-where',
  defaultSeverity: 'error',
  summary: 'DELETE without WHERE on a table that existed before the migration (deletes every row)',
  checkStatement(context) {
    return everyRowActions(context, 'delete').map(({ via, table, inCte, rows, offset }) =>
      via === 'merge'
        ? {
            message: `MERGE INTO ${table}${inCte} WHEN MATCHED THEN DELETE, on a join condition that names no column of ${table}, deletes every row${rows} when the source has one`,
            help: 'Join on the columns that say which rows (ON t.id = s.id), or put the condition on the clause (WHEN MATCHED AND ... THEN DELETE).',
            offset,
            target: table,
          }
        : {
            message: `DELETE FROM ${table}${inCte} without WHERE deletes every row${rows}`,
            help: 'Say which rows with a WHERE clause (WHERE true if you really mean all, after a backup), and delete large sets in batches.',
            offset,
            target: table,
          },
    );
  },
};
