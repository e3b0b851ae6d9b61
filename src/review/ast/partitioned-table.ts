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

/**
 * partitionForeignKeyRecipe is how to add a foreign key to a partitioned table that holds rows:
 * PostgreSQL 17 and earlier refuse NOT VALID there, but adopt a partition's validated key with the
 * same columns and reference when the parent's is added, instead of scanning that partition again.
 */
export function partitionForeignKeyRecipe(table: string, foreignKey: string): string {
  return `${table} is partitioned, and PostgreSQL 17 and earlier refuse NOT VALID on a foreign key of a partitioned table. There: ALTER TABLE <partition> ADD CONSTRAINT <name> ${foreignKey} NOT VALID on each partition, VALIDATE CONSTRAINT each in a later migration (no write lock), then ALTER TABLE ${table} ADD CONSTRAINT <name> ${foreignKey}: it adopts the partitions' validated keys without scanning them (a partition without one is scanned). Or add it to ${table} directly with a short lock_timeout, accepting the scan. On PostgreSQL 18: ADD ... NOT VALID on ${table}, then VALIDATE CONSTRAINT in a later migration.`;
}
