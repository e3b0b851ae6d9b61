import type { AlterTableCmd } from 'libpg-query';
import type { CatalogTable } from '../../catalog/catalog-model.js';
import { findColumn } from '../../catalog/find-table.js';
import { alterTableCommands } from '../ast/alter-table-commands.js';
import { beforeTable, isExistingTable, rowsNote } from '../ast/existing-table.js';
import { checkProvesNotNull } from '../ast/not-null-proof.js';
import { tableKey } from '../ast/qualified-name.js';
import { alterCommandOffset } from '../ast/statement-tokens.js';
import { stringValues } from '../ast/string-values.js';
import type { Rule, RuleViolation } from '../rule.js';

/**
 * hasValidatedNotNullCheck: since PostgreSQL 12, SET NOT NULL skips the table scan when a
 * validated CHECK already proves the column is not NULL, so that is the safe recipe's last step.
 */
function hasValidatedNotNullCheck(table: CatalogTable | undefined, column: string): boolean {
  return (table?.constraints ?? []).some(
    (constraint) =>
      constraint.kind === 'check' &&
      constraint.validated &&
      checkProvesNotNull(constraint.definition, column),
  );
}

/**
 * notNullTarget is the column a command makes NOT NULL with a scan: `ALTER COLUMN c SET NOT NULL`,
 * or PostgreSQL 18's `ADD CONSTRAINT n NOT NULL c` without NOT VALID.
 */
function notNullTarget(command: AlterTableCmd): string | null {
  if (command.subtype === 'AT_SetNotNull') return command.name ?? null;
  if (command.subtype !== 'AT_AddConstraint' || command.def === undefined || !('Constraint' in command.def))
    return null;
  const constraint = command.def.Constraint;
  if (constraint.contype !== 'CONSTR_NOTNULL' || constraint.skip_validation === true) return null;
  return stringValues(constraint.keys)[0] ?? null;
}

/**
 * adoptedPrimaryKeyIndex is the index `ADD PRIMARY KEY USING INDEX i` adopts: PostgreSQL then
 * makes its columns NOT NULL, with the same scan as SET NOT NULL for any that are nullable (the
 * index was built concurrently, so that scan is the only long part left).
 */
function adoptedPrimaryKeyIndex(command: AlterTableCmd): string | null {
  if (command.subtype !== 'AT_AddConstraint' || command.def === undefined || !('Constraint' in command.def))
    return null;
  const constraint = command.def.Constraint;
  return constraint.contype === 'CONSTR_PRIMARY' ? (constraint.indexname ?? null) : null;
}

/** set-not-null: SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock. */
export const setNotNull: Rule = {
  id: 'set-not-null',
  defaultSeverity: 'error',
  summary: 'ALTER COLUMN ... SET NOT NULL on an existing table (full scan under an exclusive lock)',
  checkStatement(context) {
    const alter = alterTableCommands(context);
    if (alter === null || !isExistingTable(context, alter.table)) return [];
    const table = beforeTable(context, alter.table);
    const violations: RuleViolation[] = [];
    const flagged = new Set<string>();
    // Once per column: SET NOT NULL and a primary key on the same column scan for it once.
    const needsScan = (columnName: string): boolean => {
      if (flagged.has(columnName)) return false;
      const column = table === undefined ? undefined : findColumn(table, columnName);
      if (column?.notNull === true || hasValidatedNotNullCheck(table, columnName)) return false;
      flagged.add(columnName);
      return true;
    };
    for (const command of alter.commands) {
      const indexName = adoptedPrimaryKeyIndex(command);
      // Unknown index (created in this migration, or a table the review does not know): its
      // columns are unknown too.
      const index = table?.indexes.find((candidate) => candidate.name === indexName);
      const nullable = index?.columns.filter(needsScan) ?? [];
      for (const columnName of nullable) {
        const target = `${tableKey(alter.table)}.${columnName}`;
        violations.push({
          message: `ADD PRIMARY KEY USING INDEX ${index?.name} makes ${target} NOT NULL, which scans every row while holding an ACCESS EXCLUSIVE lock${rowsNote(context, alter.table)}, and fails if any row is NULL`,
          help: `Make ${columnName} NOT NULL first without the scan: CHECK (${columnName} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (no scan once the check is validated) and drop the check; ADD PRIMARY KEY USING INDEX then only takes a brief lock.`,
          offset: alterCommandOffset(context, command),
          target,
        });
      }
      if (indexName !== null) continue;
      const columnName = notNullTarget(command);
      if (columnName === null || !needsScan(columnName)) continue;
      const target = `${tableKey(alter.table)}.${columnName}`;
      violations.push({
        message: `${command.subtype === 'AT_SetNotNull' ? 'SET NOT NULL' : 'ADD CONSTRAINT ... NOT NULL'} on ${target} scans every row while holding an ACCESS EXCLUSIVE lock${rowsNote(context, alter.table)}, and fails if any row is NULL`,
        help: `Add CHECK (${columnName} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL (no scan once the check is validated) and drop the check. On PostgreSQL 18: ADD CONSTRAINT ... NOT NULL ${columnName} NOT VALID, then VALIDATE CONSTRAINT.`,
        offset: alterCommandOffset(context, command),
        target,
      });
    }
    return violations;
  },
};
