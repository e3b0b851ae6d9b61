import type { CatalogTable } from '../../catalog/catalog-model.js';
import { findTable } from '../../catalog/find-table.js';
import type { StatementContext } from '../rule.js';
import { type QualifiedName, tableKey } from './qualified-name.js';
import { TEMP_SCHEMA } from './temporary-tables.js';

/**
 * isExistingTable says whether a statement acts on a table that may hold data: anything not
 * created earlier in this migration. A table missing from the before catalog still counts
 * (it may have been created outside migrations), so the rules err on the side of a finding.
 * A temporary table never does: it lives only as long as the migration's session.
 */
export function isExistingTable(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
): boolean {
  return table.schema !== TEMP_SCHEMA && !context.createdInMigration.has(tableKey(table));
}

/** beforeTable is the table as it was before this migration, when the shadow replay knows it. */
export function beforeTable(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
): CatalogTable | undefined {
  return findTable(context.before, table.schema, table.name);
}

/** liveRows is the target database's row estimate for a table, or null when unknown. */
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
