import type { CatalogColumn } from '../../catalog/catalog-model.js';
import { findColumn } from '../../catalog/find-table.js';
import { alterTableCommands } from '../ast/alter-table-commands.js';
import { columnAddedEarlier } from '../ast/column-added-earlier.js';
import { domainBaseType } from '../ast/domains.js';
import { beforeTable, isExistingTable, isLargeTable, rowsNote } from '../ast/existing-table.js';
import type { QualifiedName } from '../ast/qualified-name.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import {
  type ColumnTypeBefore,
  classifyTypeChange,
  columnTypeBefore,
  conversionOf,
} from '../ast/type-change.js';
import { formatWrittenType, readTypeName } from '../ast/type-name.js';
import type { DataCheck, Rule, RuleViolation, StatementContext, TableName } from '../rule.js';

/** addedEarlier is the type an ADD COLUMN earlier in this migration gave the column, or null. */
function addedEarlier(
  context: StatementContext,
  table: QualifiedName,
  column: string,
): (ColumnTypeBefore & { domainModifiers: boolean }) | null {
  const definition = columnAddedEarlier(context, table, column);
  if (definition === null) return null;
  const written = readTypeName(definition.column.typeName);
  // A value of a domain is a value of its base type.
  const base = domainBaseType(context, written, { unconstrainedOnly: false });
  const type = base ?? written;
  return {
    name: type.name,
    length: type.modifiers[0] ?? null,
    scale: type.modifiers[1] ?? null,
    isArray: type.isArray,
    domainModifiers: base !== null && base.modifiers.length > 0,
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
 * Columns and tables renamed earlier in the migration are judged by their names before it: those
 * are the names the schema before, the row estimates and the target's data know.
 */
export const alterColumnType: Rule = {
  id: 'alter-column-type',
  defaultSeverity: 'error',
  summary: 'ALTER COLUMN ... TYPE that can lose data or rewrites an existing table',
  checkStatement(context) {
    const alter = alterTableCommands(context);
    if (alter === null || !isExistingTable(context, alter.table)) return [];
    const target = tableKey(alter.table);
    // The table on the target database (null: the name holds no table from before the migration).
    const liveTable = context.namesBefore.table(alter.table);
    const rows = liveTable === null ? '' : rowsNote(context, liveTable);
    const large = liveTable !== null && isLargeTable(context, liveTable);
    const violations: RuleViolation[] = [];
    for (const command of alter.commands) {
      if (command.subtype !== 'AT_AlterColumnType' || command.name === undefined) continue;
      if (command.def === undefined || !('ColumnDef' in command.def)) continue;
      const definition = command.def.ColumnDef;
      const newType = readTypeName(definition.typeName);
      const written = formatWrittenType(newType);
      const offset = statementOffset(context, definition.typeName?.location ?? definition.location);
      const where = `${target}.${command.name}`;
      const names = context.namesBefore.column(alter.table, command.name);
      const table = names === null ? undefined : beforeTable(context, names.table);
      const column = names === null || table === undefined ? undefined : findColumn(table, names.column);
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
      const conversion = conversionOf(definition.raw_default, command.name, newType);
      // A domain without constraints is binary-coercible to and from its base type.
      const judged = domainBaseType(context, newType, { unconstrainedOnly: true }) ?? newType;
      let change = classifyTypeChange(before, judged, conversion);
      // A column of a domain over varchar(50) or numeric(10,2) has no length of its own
      // (atttypmod -1), so PostgreSQL cannot prove a new length holds every value: it converts
      // them all (PostgreSQL 15 rewrites for varchar(80); to text or unconstrained numeric it does not).
      if (
        change.kind === 'none' &&
        'domainModifiers' in before &&
        before.domainModifiers &&
        judged.modifiers.length > 0
      )
        change = {
          kind: 'rewrite',
          reason: `a domain's values are converted to ${formatWrittenType(judged)} one by one`,
        };
      if (change.kind === 'none') continue;
      const renamed =
        names !== null && column !== undefined && `${tableKey(names.table)}.${names.column}` !== where
          ? `; ${where} is ${tableKey(names.table)}.${names.column} before this migration`
          : '';
      const alterType = `ALTER COLUMN ${command.name} TYPE ${describeBefore(column, before)} -> ${written}`;
      const rewrite = (reason: string): RuleViolation => ({
        message: `${alterType} rewrites the whole table under an ACCESS EXCLUSIVE lock (${reason})${rows}${renamed}`,
        help: 'On a large table, add a new column of the new type, backfill it in batches, switch the code over, then drop the old one.',
        offset,
        target: where,
        severity: large ? 'error' : 'warning',
      });
      if (change.kind === 'rewrite') {
        violations.push(rewrite(change.reason));
        continue;
      }
      if (change.kind === 'fails') {
        violations.push({
          message: `${alterType} fails: ${change.reason}${renamed}`,
          help: `Convert explicitly with USING ${command.name}::${written} (checking first that every value converts), or add a new column of the new type and backfill it.`,
          offset,
          target: where,
        });
        continue;
      }
      violations.push({
        message: `${alterType} can fail or lose data: ${change.reason}${rows}${renamed}`,
        help: 'Add a new column of the new type, backfill it in batches (checking the values that do not fit), switch the code over, then drop the old column.',
        offset,
        target: where,
        // Only a column the target database already has can be checked there, by its name there.
        dataChecks:
          column === undefined || names === null
            ? []
            : // The target does not have a domain this migration creates: count against its base.
              [
                narrowingCheck(
                  names.table,
                  names.column,
                  formatWrittenType(judged),
                  conversion === 'explicit-cast',
                ),
              ],
      });
      // A narrowing rewrites the table too. The data check can clear the data loss, not the lock:
      // on a large table the rewrite stays an error of its own.
      if (large) violations.push(rewrite('a narrowing converts every row, however many fit'));
    }
    return violations;
  },
};

function narrowingCheck(table: TableName, column: string, newType: string, explicitCast: boolean): DataCheck {
  return {
    kind: 'narrowing',
    schema: table.schema,
    table: table.name,
    column,
    newType,
    ...(explicitCast ? { explicitCast } : {}),
  };
}
