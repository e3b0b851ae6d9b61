import type { RangeVar } from 'libpg-query';
import type { CatalogTable } from '../../catalog/catalog-model.js';
import { findTable } from '../../catalog/find-table.js';
import type { StatementContext, TableName } from '../rule.js';
import { droppedObjects } from './dropped-objects.js';
import { type QualifiedName, qualifiedName, tableKey } from './qualified-name.js';
import { TEMP_SCHEMA } from './temporary-tables.js';

/**
 * isExistingTable says whether a statement acts on a table that may hold data: anything not
 * created earlier in this migration. A table missing from the before catalog still counts
 * (it may have been created outside migrations), so the rules err on the side of a finding,
 * unless the statement's IF EXISTS makes it a no-op (see skippedIfMissing).
 * A temporary table never does: it lives only as long as the migration's session.
 */
export function isExistingTable(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
): boolean {
  if (table.schema === TEMP_SCHEMA || context.createdInMigration.has(tableKey(table))) return false;
  return !skippedIfMissing(context, table);
}

/**
 * skippedIfMissing: the statement is `DROP TABLE IF EXISTS` of `table`, or an `ALTER TABLE IF
 * EXISTS` (RENAME, SET SCHEMA) of any table, and the table it names does not exist, so PostgreSQL
 * skips it ("does not exist, skipping") and it touches no table at all.
 */
function skippedIfMissing(context: StatementContext, table: Pick<QualifiedName, 'schema' | 'name'>): boolean {
  const ast = context.statement.ast;
  if ('DropStmt' in ast) {
    const drop = ast.DropStmt;
    if (drop.missing_ok !== true || drop.removeType !== 'OBJECT_TABLE') return false;
    // Each name of `DROP TABLE IF EXISTS a, b` is skipped on its own.
    const key = tableKey(table);
    const named = droppedObjects(drop, context).some((dropped) => tableKey(dropped) === key);
    return named && tableIsAbsent(context, table);
  }
  const relation = ifExistsRelation(context);
  const name = relation === null ? null : qualifiedName(relation, context);
  return name !== null && name.schema !== TEMP_SCHEMA && tableIsAbsent(context, name);
}

/** ifExistsRelation is the table of `ALTER TABLE IF EXISTS` (RENAME, SET SCHEMA included), or null. */
function ifExistsRelation(context: StatementContext): RangeVar | null {
  const ast = context.statement.ast;
  if ('AlterTableStmt' in ast) {
    const alter = ast.AlterTableStmt;
    const isTable = alter.objtype === undefined || alter.objtype === 'OBJECT_TABLE';
    return alter.missing_ok === true && isTable ? (alter.relation ?? null) : null;
  }
  if ('RenameStmt' in ast) {
    const rename = ast.RenameStmt;
    const isTable =
      rename.renameType === 'OBJECT_TABLE' ||
      rename.renameType === 'OBJECT_TABCONSTRAINT' ||
      (rename.renameType === 'OBJECT_COLUMN' && rename.relationType === 'OBJECT_TABLE');
    return rename.missing_ok === true && isTable ? (rename.relation ?? null) : null;
  }
  if ('AlterObjectSchemaStmt' in ast) {
    const move = ast.AlterObjectSchemaStmt;
    return move.missing_ok === true && move.objectType === 'OBJECT_TABLE' ? (move.relation ?? null) : null;
  }
  return null;
}

/**
 * tableIsAbsent: no table `table` exists at this statement. The schema before is exact for a
 * schema it has (the model, or the shadow where the model cannot vouch), so a table missing there
 * is missing, unless the target database reports it: created outside migrations (a baseline, a
 * table made by hand), it still holds data. A schema the review does not know proves nothing.
 * The target is seen through its row estimates (-1 for a table it never analyzed).
 */
function tableIsAbsent(context: StatementContext, table: TableName): boolean {
  if (context.createdInMigration.has(tableKey(table))) return false;
  const original = context.namesBefore.table(table);
  // Dropped, or renamed away, earlier in the migration (and not created again: see above).
  if (original === null) return true;
  if (!context.before.schemas.some((schema) => schema.name === original.schema)) return false;
  return beforeTable(context, original) === undefined && liveRows(context, original) === null;
}

/** beforeTable is the table as it was before this migration, when the shadow replay knows it. */
export function beforeTable(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
): CatalogTable | undefined {
  return findTable(context.before, table.schema, table.name);
}

/** liveRows is the target database's row estimate for a table: -1 never analyzed, null not there (or no target). */
export function liveRows(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
): number | null {
  return context.liveRowEstimate(table.schema, table.name);
}

/** isLargeTable says whether the target database reports more rows than `review.largeTableRows`. */
export function isLargeTable(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
): boolean {
  const rows = liveRows(context, table);
  return rows !== null && rows >= context.largeTableRows;
}

/** rowsNote is ` (about N rows)` when the row estimate is known, for messages. */
export function rowsNote(context: StatementContext, table: Pick<QualifiedName, 'schema' | 'name'>): string {
  const rows = liveRows(context, table);
  return rows === null || rows < 0 ? '' : ` (about ${Math.round(rows).toLocaleString('en-US')} rows)`;
}
