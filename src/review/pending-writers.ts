import type { Node } from 'libpg-query';
import type { ResolvedService } from '../config/resolved-config.js';
import type { ServiceMigration } from './estate-migrations.js';

/**
 * A function telling, for a migration about to be judged, which migration running before it in the
 * same deploy may write rows of `schema.table` (its path), or null when none does.
 */
export type WriterBefore = (migration: ServiceMigration, schema: string, table: string) => string | null;

// Statements whose writes dbward cannot follow: they may write any table.
const WRITES_ANYTHING = new Set(['DoStmt', 'CallStmt']);
const WRITING_STATEMENTS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * pendingWriters: a data check counts rows as they are now, but `up` runs the pending migrations
 * one after another: a backup counted now says nothing of rows an earlier pending migration adds
 * before the DROP runs. `pending` are the migrations the run will apply; they run service by
 * service in config order, then by id. A migration may write a table when one of its up statements
 * inserts, updates, deletes, merges or copies into it (also inside WITH queries), or runs code
 * dbward cannot follow (a DO block, CALL, a TypeScript migration). A function called from a plain
 * SELECT is not followed.
 */
export function pendingWriters(
  pending: readonly ServiceMigration[],
  services: readonly ResolvedService[],
): WriterBefore {
  const order = new Map(services.map((service, index) => [service.name, index]));
  const rank = (migration: ServiceMigration): [number, number] => [
    order.get(migration.service.name) ?? services.length,
    migration.file.id,
  ];
  const before = (a: ServiceMigration, b: ServiceMigration): boolean => {
    const [serviceA, idA] = rank(a);
    const [serviceB, idB] = rank(b);
    return serviceA < serviceB || (serviceA === serviceB && idA < idB);
  };
  const written = new Map<ServiceMigration, Set<string> | 'anything'>();
  const writesOf = (migration: ServiceMigration): Set<string> | 'anything' => {
    let tables = written.get(migration);
    if (tables === undefined) {
      tables = tablesWritten(migration);
      written.set(migration, tables);
    }
    return tables;
  };
  return (migration, schema, table) => {
    for (const other of pending) {
      if (other === migration || !before(other, migration)) continue;
      const tables = writesOf(other);
      if (tables === 'anything' || tables.has(`${schema}.${table}`)) return other.file.path;
    }
    return null;
  };
}

/** tablesWritten: `schema.table` of every table a migration's up section writes rows of. */
function tablesWritten(migration: ServiceMigration): Set<string> | 'anything' {
  const { file, service } = migration;
  if (file.format === 'ts') return 'anything';
  const tables = new Set<string>();
  let anything = false;
  const visit = (value: unknown): void => {
    if (anything || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    // Parser nodes are `{ Kind: {...} }`: the key names the kind of node its value is.
    for (const [key, child] of Object.entries(value)) {
      if (WRITES_ANYTHING.has(key)) {
        anything = true;
        return;
      }
      const copiesIn = key === 'CopyStmt' && (child as { is_from?: boolean }).is_from === true;
      if (WRITING_STATEMENTS.has(key) || copiesIn) {
        const relation = (child as { relation?: { schemaname?: string; relname?: string } }).relation;
        if (relation?.relname !== undefined)
          tables.add(`${relation.schemaname || service.schema}.${relation.relname}`);
      }
      visit(child);
    }
  };
  for (const statement of file.up?.statements ?? []) visit(statement.ast as Node);
  return anything ? 'anything' : tables;
}
