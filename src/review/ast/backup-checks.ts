import type { DataCheck, StatementContext } from '../rule.js';
import type { QualifiedName } from './qualified-name.js';

/**
 * backupChecks turns the statement's `-- dbward:backup archive.<name>` directives into data
 * checks: the engine confirms the backup exists and holds at least the source's rows.
 */
export function backupChecks(
  context: StatementContext,
  table: Pick<QualifiedName, 'schema' | 'name'>,
): DataCheck[] {
  const checks: DataCheck[] = [];
  for (const directive of context.statement.directives) {
    if (directive.kind !== 'backup' || directive.target === null) continue;
    checks.push({
      kind: 'backup-exists',
      schema: table.schema,
      table: table.name,
      backupTable: directive.target,
    });
  }
  return checks;
}
