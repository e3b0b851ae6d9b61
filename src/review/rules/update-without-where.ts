import { everyRowActions } from '../ast/every-row-actions.js';
import type { Rule } from '../rule.js';

/**
 * update-without-where: overwrites every row and holds row locks on all of them until commit.
 * Also inside a WITH query, which runs whether or not the outer statement reads its rows, and a
 * MERGE whose unconditional UPDATE every row can reach.
 */
export const updateWithoutWhere: Rule = {
  id: 'update-without-where',
  defaultSeverity: 'error',
  summary: 'UPDATE without WHERE on a table that existed before the migration (overwrites every row)',
  checkStatement(context) {
    return everyRowActions(context, 'update').map(({ via, table, inCte, rows, offset }) =>
      via === 'merge'
        ? {
            message: `MERGE INTO ${table}${inCte} WHEN MATCHED THEN UPDATE, on a join condition that names no column of ${table}, overwrites every row${rows} when the source has one, and locks them all until the migration commits`,
            help: 'Join on the columns that say which rows (ON t.id = s.id), or put the condition on the clause (WHEN MATCHED AND ... THEN UPDATE); backfill large tables in batches outside the schema migration.',
            offset,
            target: table,
          }
        : {
            message: `UPDATE ${table}${inCte} without WHERE overwrites every row${rows} and locks them all until the migration commits`,
            help: 'Backfill in batches outside the schema migration (WHERE id BETWEEN ... or WHERE col IS NULL LIMIT n in a loop), or add a WHERE clause that says which rows.',
            offset,
            target: table,
          },
    );
  },
};
