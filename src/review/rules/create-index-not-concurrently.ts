import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { isSkippedIndex } from '../ast/migration-indexes.js';
import { isPartitionedBefore, partitionIndexRecipe } from '../ast/partitioned-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import type { Rule } from '../rule.js';

/** create-index-not-concurrently: a plain CREATE INDEX blocks every write to the table while it builds. */
export const createIndexNotConcurrently: Rule = {
  id: 'create-index-not-concurrently',
  defaultSeverity: 'error',
  summary: 'CREATE INDEX without CONCURRENTLY on a table that existed before the migration (blocks writes)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('IndexStmt' in ast)) return [];
    const table = qualifiedName(ast.IndexStmt.relation, context);
    if (table === null || !isExistingTable(context, table)) return [];
    const partitioned = isPartitionedBefore(context, table);
    if (ast.IndexStmt.concurrent === true) {
      if (!partitioned) return [];
      // PostgreSQL refuses: "cannot create index on partitioned table ... concurrently".
      return [
        {
          message: `CREATE INDEX CONCURRENTLY fails on ${tableKey(table)}: PostgreSQL cannot create an index on a partitioned table concurrently`,
          help: partitionIndexRecipe(table.name, ast.IndexStmt.unique === true),
          offset: statementOffset(context, ast.IndexStmt.relation?.location),
          severity: 'error',
          target: tableKey(table),
        },
      ];
    }
    // IF NOT EXISTS of a name already taken builds nothing (CONCURRENTLY above fails before that check).
    if (isSkippedIndex(context, ast.IndexStmt, table)) return [];
    // ON ONLY a partitioned table creates an invalid parent index at once; partitions follow one by one.
    if (partitioned && ast.IndexStmt.relation?.inh !== true) return [];
    return [
      {
        message: `CREATE INDEX on ${tableKey(table)} without CONCURRENTLY blocks inserts, updates and deletes until the index is built${partitioned ? ' on every partition' : ''}${rowsNote(context, table)}`,
        help: partitioned
          ? partitionIndexRecipe(table.name, ast.IndexStmt.unique === true)
          : 'Use CREATE INDEX CONCURRENTLY in a migration of its own marked `-- dbward:no-transaction` (CONCURRENTLY cannot run in a transaction).',
        offset: statementOffset(context, ast.IndexStmt.relation?.location),
        target: tableKey(table),
      },
    ];
  },
};
