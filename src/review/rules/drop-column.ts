import type { DropStmt } from 'libpg-query';
import { alterTableCommands } from '../ast/alter-table-commands.js';
import { backupChecks } from '../ast/backup-checks.js';
import { columnAddedEarlier } from '../ast/column-added-earlier.js';
import { beforeTable, isExistingTable, rowsNote } from '../ast/existing-table.js';
import { type QualifiedName, tableKey } from '../ast/qualified-name.js';
import { alterCommandOffset } from '../ast/statement-tokens.js';
import { stringValues } from '../ast/string-values.js';
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
  summary:
    'ALTER TABLE ... DROP COLUMN on an existing table, or DROP TYPE ... CASCADE of a column type (data loss, breaks code that reads it)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if ('DropStmt' in ast) return droppedTypeColumns(context, ast.DropStmt);
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

/**
 * droppedTypeColumns: `DROP TYPE ... CASCADE` (or `DROP DOMAIN`) drops every column of that type,
 * or of an array of it, in any schema, with their values. Without CASCADE PostgreSQL refuses while
 * a column uses the type, so there is nothing to report. The columns are those of the schema
 * before the migration that the migration has not dropped or renamed yet. Columns of a domain
 * over the type go too, but the schema model has no domains: those are not found.
 */
function droppedTypeColumns(context: StatementContext, drop: DropStmt): RuleViolation[] {
  if (drop.removeType !== 'OBJECT_TYPE' && drop.removeType !== 'OBJECT_DOMAIN') return [];
  if (drop.behavior !== 'DROP_CASCADE') return [];
  const keyOf = (names: string[]): string =>
    `${context.resolveSchema(names.length > 1 ? names.at(-2) : undefined)}.${names.at(-1) ?? ''}`;
  const dropped = new Set<string>();
  for (const object of drop.objects ?? [])
    if ('TypeName' in object) dropped.add(keyOf(stringValues(object.TypeName.names)));
  const violations: RuleViolation[] = [];
  for (const schema of context.before.schemas)
    for (const table of schema.tables)
      for (const column of table.columns) {
        const type = `${column.typeSchema ?? 'pg_catalog'}.${column.baseType}`;
        if (!dropped.has(type)) continue;
        const name = { schema: table.schema, name: table.name };
        // A table or column dropped or renamed earlier in the migration is not this one any more.
        const now = context.namesBefore.column(name, column.name);
        if (now === null || now.table.name !== table.name || now.table.schema !== table.schema) continue;
        if (!isExistingTable(context, name)) continue;
        const target = tableKey(name);
        violations.push({
          message: `DROP ${drop.removeType === 'OBJECT_DOMAIN' ? 'DOMAIN' : 'TYPE'} ... CASCADE drops the column ${column.name} of ${target} (of type ${column.type}) and its values${rowsNote(context, name)}, and breaks code that still reads it`,
          help: `Change or drop the columns that use the type first, each in its own reviewed statement (back up the data: \`dbward backup ${context.service.name} ${table.name} --columns ${column.name}\`), then drop the type without CASCADE so that PostgreSQL refuses if anything still uses it.`,
          target: `${target}.${column.name}`,
          dataChecks: backupChecks(context, name, [column.name]),
        });
      }
  return violations;
}
