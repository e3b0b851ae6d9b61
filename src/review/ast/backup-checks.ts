import type { DataCheck, StatementContext } from '../rule.js';
import type { QualifiedName } from './qualified-name.js';

/**
 * backupChecks turns the statement's `-- dbward:backup archive.<name>` directives into data
 * checks: the engine confirms the backup is a copy of the table (by the comment `dbward backup`
 * writes on it) in the `archive` schema, holds the columns that lose their data, and at least the
 * source's rows. `columns` are the columns a DROP COLUMN drops; omitted for a DROP TABLE, whose
 * backup must hold every column. The target database has not run the migration, so the table and
 * the columns are named as they were before it (following earlier renames of the same section).
 */
export function backupChecks(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
  columns?: readonly string[],
): DataCheck[] {
  const live = context.namesBefore.table(table) ?? table;
  const liveColumns = columns?.map((column) => context.namesBefore.column(table, column)?.column ?? column);
  const checks: DataCheck[] = [];
  for (const directive of context.statement.directives) {
    if (directive.kind !== 'backup' || directive.target === null) continue;
    checks.push({
      kind: 'backup-exists',
      schema: live.schema,
      table: live.name,
      backupTable: directive.target,
      ...(liveColumns === undefined ? {} : { columns: liveColumns }),
    });
  }
  return checks;
}
