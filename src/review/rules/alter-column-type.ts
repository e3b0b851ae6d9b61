import type { CatalogColumn } from '../../catalog/catalog-model.js';
import { findColumn } from '../../catalog/find-table.js';
import { alterTableCommands } from '../ast/alter-table-commands.js';
import { columnAddedEarlier } from '../ast/column-added-earlier.js';
import { beforeTable, isExistingTable, isLargeTable, rowsNote } from '../ast/existing-table.js';
import type { QualifiedName } from '../ast/qualified-name.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { type ColumnTypeBefore, classifyTypeChange, columnTypeBefore } from '../ast/type-change.js';
import { formatWrittenType, readTypeName } from '../ast/type-name.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

/** addedEarlier is the type an ADD COLUMN earlier in this migration gave the column, or null. */
function addedEarlier(
  context: StatementContext,
  table: QualifiedName,
  column: string,
): ColumnTypeBefore | null {
  const definition = columnAddedEarlier(context, table, column);
  if (definition === null) return null;
  const type = readTypeName(definition.column.typeName);
  return {
    name: type.name,
    length: type.modifiers[0] ?? null,
    scale: type.modifiers[1] ?? null,
    isArray: type.isArray,
  };
}

function describeBefore(column: CatalogColumn | undefined, before: ColumnTypeBefore): string {
  if (column !== undefined) return column.type;
  const modifiers = [before.length, before.scale].filter((value) => value !== null);
  return `${before.name}${modifiers.length > 0 ? `(${modifiers.join(',')})` : ''}`;
}

/**
 * alter-column-type: a type change that can lose values (narrowing, text to number) or rewrites
 * a live table under ACCESS EXCLUSIVE. Binary-compatible widening (varchar(50) -> varchar(255),
 * varchar -> text, numeric(p,s) -> numeric(p2>=p,s)) is only a catalog change and passes.
 */
export const alterColumnType: Rule = {
  id: 'alter-column-type',
  defaultSeverity: 'error',
  summary: 'ALTER COLUMN ... TYPE that can lose data or rewrites an existing table',
  checkStatement(context) {
    const alter = alterTableCommands(context);
    if (alter === null || !isExistingTable(context, alter.table)) return [];
    const table = beforeTable(context, alter.table);
    const target = tableKey(alter.table);
    const violations: RuleViolation[] = [];
    for (const command of alter.commands) {
      if (command.subtype !== 'AT_AlterColumnType' || command.name === undefined) continue;
      if (command.def === undefined || !('ColumnDef' in command.def)) continue;
      const definition = command.def.ColumnDef;
      const newType = readTypeName(definition.typeName);
      const written = formatWrittenType(newType);
      const offset = statementOffset(context, definition.typeName?.location ?? definition.location);
      const column = table === undefined ? undefined : findColumn(table, command.name);
      const where = `${target}.${command.name}`;
      const before =
        column === undefined ? addedEarlier(context, alter.table, command.name) : columnTypeBefore(column);
      if (before === null) {
        violations.push({
          message: `ALTER COLUMN ${command.name} TYPE ${written}: ${where} is not in the schema before this migration, so dbward cannot tell whether the change is safe`,
          help: 'Check the change by hand, or make sure the earlier migrations create the column.',
          offset,
          target: where,
          severity: 'warning',
        });
        continue;
      }
      const change = classifyTypeChange(before, newType, definition.raw_default !== undefined);
      if (change.kind === 'none') continue;
      const rows = rowsNote(context, alter.table);
      if (change.kind === 'lossy') {
        violations.push({
          message: `ALTER COLUMN ${command.name} TYPE ${describeBefore(column, before)} -> ${written} can lose data: ${change.reason}${rows}`,
          help: 'Add a new column of the new type, backfill it in batches (checking the values that do not fit), switch the code over, then drop the old column.',
          offset,
          target: where,
          // Only a column the target database already has can be checked there.
          dataChecks:
            column === undefined
              ? []
              : [
                  {
                    kind: 'narrowing',
                    schema: alter.table.schema,
                    table: alter.table.name,
                    column: command.name,
                    newType: written,
                  },
                ],
        });
        continue;
      }
      violations.push({
        message: `ALTER COLUMN ${command.name} TYPE ${describeBefore(column, before)} -> ${written} rewrites the whole table under an ACCESS EXCLUSIVE lock (${change.reason})${rows}`,
        help: 'On a large table, add a new column of the new type, backfill it in batches, switch the code over, then drop the old one.',
        offset,
        target: where,
        severity: isLargeTable(context, alter.table) ? 'error' : 'warning',
      });
    }
    return violations;
  },
};
