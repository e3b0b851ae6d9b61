import type { StatementContext, TableName } from '../rule.js';
import { beforeTable } from './existing-table.js';

/**
 * isPartitionedBefore says whether `table` (as named at this statement) is a partitioned table
 * from before the migration: PostgreSQL cannot create or drop its indexes CONCURRENTLY.
 */
export function isPartitionedBefore(context: StatementContext, table: TableName): boolean {
  const before = context.namesBefore.table(table);
  return before !== null && beforeTable(context, before)?.kind === 'partitioned-table';
}

/** partitionIndexRecipe is how to index a partitioned table that holds rows without blocking writes. */
export function partitionIndexRecipe(table: string, unique = false): string {
  const create = unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX';
  return `${table} is partitioned, and PostgreSQL cannot build an index on a partitioned table CONCURRENTLY: ${create} <parent index> ON ONLY ${table} (...) (instant, the index starts invalid), then ${create} CONCURRENTLY on each partition (-- dbward:no-transaction), then ALTER INDEX <parent index> ATTACH PARTITION <partition index> for each; the parent index turns valid once every partition's is attached.`;
}
