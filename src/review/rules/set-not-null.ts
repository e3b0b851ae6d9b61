import type { AlterTableCmd } from 'libpg-query';
import type { CatalogTable } from '../../catalog/catalog-model.js';
import { findColumn } from '../../catalog/find-table.js';
import { alterTableCommands } from '../ast/alter-table-commands.js';
import { beforeTable, isExistingTable, rowsNote } from '../ast/existing-table.js';
import { indexesAfterMigration } from '../ast/migration-indexes.js';
import { checkProvesNotNull } from '../ast/not-null-proof.js';
import { type QualifiedName, tableKey } from '../ast/qualified-name.js';
import { alterCommandOffset } from '../ast/statement-tokens.js';
import { stringValues } from '../ast/string-values.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';
import { quoteIdentifier } from '../schema-model/quote-identifier.js';

/**
 * hasValidatedNotNullCheck: since PostgreSQL 12, SET NOT NULL skips the table scan when a
 * validated CHECK already proves the column is not NULL, so that is the safe recipe's last step.
 */
function hasValidatedNotNullCheck(
  table: CatalogTable | undefined,
  column: string,
  soFar: SectionSoFar,
): boolean {
  return (table?.constraints ?? []).some(
    (constraint) =>
      constraint.kind === 'check' &&
      (constraint.validated || soFar.validatedConstraints.has(constraint.name)) &&
      !soFar.droppedConstraints.has(constraint.name) &&
      checkProvesNotNull(constraint.definition, column),
  );
}

interface SectionSoFar {
  /** Constraints of the table dropped by earlier statements of the section or by this one. */
  droppedConstraints: Set<string>;
  /** Columns earlier statements of the section made NOT NULL (flagged there, if at all). */
  madeNotNull: Set<string>;
  /** Constraints of the table earlier statements of the section validated (VALIDATE CONSTRAINT). */
  validatedConstraints: Set<string>;
}

/**
 * sectionSoFar reads the ALTER TABLEs on the same table up to this statement. PostgreSQL runs
 * a statement's DROP CONSTRAINT before its SET NOT NULL, whatever order they are written in, so
 * a proving CHECK dropped in the same statement proves nothing (the docs' last two steps folded
 * into one statement); nor does one dropped earlier in the migration. A NOT VALID CHECK validated
 * by an earlier statement (the recipe's VALIDATE, then SET NOT NULL, in one migration) proves.
 */
function sectionSoFar(context: StatementContext, table: QualifiedName): SectionSoFar {
  const found: SectionSoFar = {
    droppedConstraints: new Set(),
    madeNotNull: new Set(),
    validatedConstraints: new Set(),
  };
  const statements = context.file[context.section]?.statements ?? [];
  for (const [index, statement] of statements.entries()) {
    if (index > context.index) break;
    const alter = alterTableCommands({ ...context, statement, index });
    if (alter === null || tableKey(alter.table) !== tableKey(table)) continue;
    for (const command of alter.commands) {
      if (command.subtype === 'AT_DropConstraint' && command.name !== undefined)
        found.droppedConstraints.add(command.name);
      // Only an earlier statement's: within one statement PostgreSQL sets NOT NULL before it validates.
      if (index < context.index && command.subtype === 'AT_ValidateConstraint' && command.name !== undefined)
        found.validatedConstraints.add(command.name);
      const column = notNullTarget(command);
      if (index < context.index && column !== null) found.madeNotNull.add(column);
    }
  }
  return found;
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
function adoptedPrimaryKeyIndex(command: AlterTableCmd): { index: string; constraint: string | null } | null {
  if (command.subtype !== 'AT_AddConstraint' || command.def === undefined || !('Constraint' in command.def))
    return null;
  const constraint = command.def.Constraint;
  if (constraint.contype !== 'CONSTR_PRIMARY' || constraint.indexname === undefined) return null;
  return { index: constraint.indexname, constraint: constraint.conname ?? null };
}

/**
 * adoptedIndexColumns: the key columns of the adopted index, from the schema before the
 * migration or, for one the migration builds (CREATE UNIQUE INDEX CONCURRENTLY, then USING INDEX:
 * the docs' recipe in one no-transaction file), from the section, where it ends up renamed after
 * the constraint. Null when unknown.
 */
function adoptedIndexColumns(
  context: StatementContext,
  table: QualifiedName,
  before: CatalogTable | undefined,
  adopted: { index: string; constraint: string | null },
): string[] | null {
  const known = before?.indexes.find((index) => index.name === adopted.index);
  if (known !== undefined) return known.columns;
  const made = indexesAfterMigration(context, table).find(
    (index) =>
      index.name === adopted.index ||
      (adopted.constraint !== null && index.constraint === adopted.constraint),
  );
  return made === undefined ? null : made.columns.filter((column) => column !== '');
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
    const soFar = sectionSoFar(context, alter.table);
    const violations: RuleViolation[] = [];
    // Once per column: SET NOT NULL and a primary key on the same column scan for it once.
    const flagged = new Set<string>(soFar.madeNotNull);
    const needsScan = (columnName: string): boolean => {
      if (flagged.has(columnName)) return false;
      const column = table === undefined ? undefined : findColumn(table, columnName);
      if (column?.notNull === true || hasValidatedNotNullCheck(table, columnName, soFar)) return false;
      flagged.add(columnName);
      return true;
    };
    for (const command of alter.commands) {
      const adopted = adoptedPrimaryKeyIndex(command);
      if (adopted !== null) {
        // Unknown index (a table the review does not know): its columns are unknown too.
        const nullable = adoptedIndexColumns(context, alter.table, table, adopted)?.filter(needsScan) ?? [];
        for (const columnName of nullable) {
          const target = `${tableKey(alter.table)}.${columnName}`;
          const column = quoteIdentifier(columnName);
          violations.push({
            message: `ADD PRIMARY KEY USING INDEX ${adopted.index} makes ${target} NOT NULL, which scans every row while holding an ACCESS EXCLUSIVE lock${rowsNote(context, alter.table)}, and fails if any row is NULL`,
            help: `Make ${column} NOT NULL first without the scan: CHECK (${column} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (no scan once the check is validated) and drop the check; ADD PRIMARY KEY USING INDEX then only takes a brief lock.`,
            offset: alterCommandOffset(context, command),
            target,
          });
        }
        continue;
      }
      const columnName = notNullTarget(command);
      if (columnName === null || !needsScan(columnName)) continue;
      const target = `${tableKey(alter.table)}.${columnName}`;
      violations.push({
        message: `${command.subtype === 'AT_SetNotNull' ? 'SET NOT NULL' : 'ADD CONSTRAINT ... NOT NULL'} on ${target} scans every row while holding an ACCESS EXCLUSIVE lock${rowsNote(context, alter.table)}, and fails if any row is NULL`,
        help: `Add CHECK (${quoteIdentifier(columnName)} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL (no scan once the check is validated) and drop the check in a statement of its own (dropped in the same statement, it proves nothing). On PostgreSQL 18: ADD CONSTRAINT ... NOT NULL ${quoteIdentifier(columnName)} NOT VALID, then VALIDATE CONSTRAINT.`,
        offset: alterCommandOffset(context, command),
        target,
      });
    }
    return violations;
  },
};
