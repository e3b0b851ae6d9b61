import { alterTableCommands } from '../ast/alter-table-commands.js';
import { backupChecks } from '../ast/backup-checks.js';
import { columnAddedEarlier } from '../ast/column-added-earlier.js';
import { beforeTable, isExistingTable, rowsNote } from '../ast/existing-table.js';
import { type QualifiedName, tableKey } from '../ast/qualified-name.js';
import { alterCommandOffset } from '../ast/statement-tokens.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

/**
 * columnMayHoldData: a column added earlier in this migration holds nothing yet, and
 * `DROP COLUMN IF EXISTS` of a column the table did not have before is a no-op.
 */
function columnMayHoldData(
  context: StatementContext,
  table: QualifiedName,
  column: string,
  ifExists: boolean,
): boolean {
  const before = beforeTable(context, table);
  const existed = before?.columns.some((c) => c.name === column) ?? false;
  if (existed) return true;
  if (columnAddedEarlier(context, table, column) !== null) return false;
  return !(ifExists && before !== undefined);
}

/** drop-column: the column's values are gone, and running code that selects it breaks. */
export const dropColumn: Rule = {
  id: 'drop-column',
  defaultSeverity: 'error',
  summary: 'ALTER TABLE ... DROP COLUMN on an existing table (data loss, breaks code that reads it)',
  checkStatement(context) {
    const alter = alterTableCommands(context);
    if (alter === null || !isExistingTable(context, alter.table)) return [];
    const violations: RuleViolation[] = [];
    for (const command of alter.commands) {
      if (command.subtype !== 'AT_DropColumn' || command.name === undefined) continue;
      if (!columnMayHoldData(context, alter.table, command.name, command.missing_ok === true)) continue;
      const target = tableKey(alter.table);
      violations.push({
        message: `DROP COLUMN ${command.name} of ${target} deletes its values${rowsNote(context, alter.table)} and breaks code that still reads it`,
        help: `Stop reading and writing the column in the code first, back it up (\`dbward backup ${context.service.name} ${alter.table.name} --columns ${command.name}\`, then \`-- dbward:backup archive.<name>\`), then drop it in a later release.`,
        offset: alterCommandOffset(context, command),
        target: `${target}.${command.name}`,
        dataChecks: backupChecks(context, alter.table, [command.name]),
      });
    }
    return violations;
  },
};
