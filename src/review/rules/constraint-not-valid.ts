import type { AlterTableCmd, Constraint, Node } from 'libpg-query';
import { alterTableCommands } from '../ast/alter-table-commands.js';
import { type ColumnDefinition, columnDefinitions, isSkippedColumn } from '../ast/column-definitions.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { isNullConstant } from '../ast/null-constant.js';
import { isPartitionedBefore, partitionForeignKeyRecipe } from '../ast/partitioned-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { alterCommandOffset } from '../ast/statement-tokens.js';
import { stringValues } from '../ast/string-values.js';
import { addedConstraints } from '../ast/table-constraints.js';
import { readTypeName } from '../ast/type-name.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

const KINDS: Partial<Record<string, string>> = { CONSTR_FOREIGN: 'FOREIGN KEY', CONSTR_CHECK: 'CHECK' };

/** The lock ADD CONSTRAINT takes, which a VALIDATE in the same transaction scans under. */
const ADD_LOCKS: Partial<Record<string, string>> = {
  CONSTR_FOREIGN: 'SHARE ROW EXCLUSIVE lock on both tables',
  CONSTR_CHECK: 'ACCESS EXCLUSIVE lock',
};

const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

/**
 * constraint-not-valid: adding a FOREIGN KEY or CHECK to an existing table checks every row
 * while holding a lock that blocks writes (for a foreign key, on both tables). That includes a
 * constraint written on an ADD COLUMN (a CHECK is checked on every row even when the column is
 * all NULL; a REFERENCES when a default fills the column), and a VALIDATE CONSTRAINT run in the
 * same transaction as the ADD ... NOT VALID, whose lock is then still held.
 */
export const constraintNotValid: Rule = {
  id: 'constraint-not-valid',
  defaultSeverity: 'error',
  summary: 'FOREIGN KEY or CHECK added to an existing table without NOT VALID (validates under lock)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const added of addedConstraints(context)) {
      const kind = KINDS[added.constraint.contype ?? ''];
      if (kind === undefined || added.origin !== 'add-constraint') continue;
      if (!isExistingTable(context, added.table)) continue;
      const partitionedForeignKey =
        added.constraint.contype === 'CONSTR_FOREIGN' && isPartitionedBefore(context, added.table);
      const recipe = partitionedForeignKey
        ? partitionForeignKeyRecipe(added.table.name, foreignKeySql(added.columns, added.constraint))
        : null;
      if (added.constraint.skip_validation === true) {
        // PostgreSQL 18 is the first to accept it; the review does not know the target's version.
        if (recipe !== null)
          violations.push({
            message: `ADD FOREIGN KEY ... NOT VALID fails on ${tableKey(added.table)} on PostgreSQL 17 and earlier: they refuse NOT VALID foreign keys on a partitioned table ("cannot add NOT VALID foreign key on partitioned table"); PostgreSQL 18 accepts it`,
            help: recipe,
            offset: statementOffset(context, added.constraint.location),
            severity: 'error',
            target: tableKey(added.table),
          });
        continue;
      }
      const name = added.constraint.conname ?? kind;
      violations.push({
        message: `ADD ${kind}${added.constraint.conname === undefined ? '' : ` ${added.constraint.conname}`} checks every row of ${tableKey(added.table)} while blocking writes${rowsNote(context, added.table)}`,
        help:
          recipe ??
          `Add it with NOT VALID (new rows are checked at once), then run ALTER TABLE ${added.table.name} VALIDATE CONSTRAINT ${name} in a later migration: validation does not block writes.`,
        offset: statementOffset(context, added.constraint.location),
        target: tableKey(added.table),
      });
    }
    violations.push(...addColumnViolations(context), ...validateInSameTransaction(context));
    return violations;
  },
};

/**
 * addColumnViolations: a CHECK on ADD COLUMN is checked against every row (PostgreSQL scans the
 * table even when the new column is all NULL); a REFERENCES only when the column gets a value on
 * the existing rows (a non-null default, identity, generated or serial column).
 */
function addColumnViolations(context: StatementContext): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const definition of columnDefinitions(context)) {
    if (!definition.added || !isExistingTable(context, definition.table)) continue;
    if (isSkippedColumn(context, definition)) continue;
    const column = definition.column.colname ?? 'column';
    for (const constraint of definition.constraints) {
      if (constraint.skip_validation === true) continue;
      const isCheck = constraint.contype === 'CONSTR_CHECK';
      const isFilledForeignKey = constraint.contype === 'CONSTR_FOREIGN' && fillsExistingRows(definition);
      if (!isCheck && !isFilledForeignKey) continue;
      const table = tableKey(definition.table);
      const what = isCheck
        ? `ADD COLUMN ${column} with a CHECK checks every row of ${table}`
        : `ADD COLUMN ${column} with REFERENCES and a non-null default checks every row of ${table} against ${referencedName(constraint)}`;
      const constraintSql = isCheck
        ? 'CHECK (...)'
        : `FOREIGN KEY (${column}) REFERENCES ${referencedName(constraint)}`;
      const partitionedForeignKey = !isCheck && isPartitionedBefore(context, definition.table);
      violations.push({
        message: `${what} while blocking writes${rowsNote(context, definition.table)}`,
        help: partitionedForeignKey
          ? `Add the column without the constraint, then the key. ${partitionForeignKeyRecipe(definition.table.name, constraintSql)}`
          : `Add the column without the constraint, then ALTER TABLE ${definition.table.name} ADD CONSTRAINT <name> ${constraintSql} NOT VALID, and VALIDATE CONSTRAINT <name> in a later migration: validation does not block writes.`,
        offset: statementOffset(context, constraint.location),
        target: table,
      });
    }
  }
  return violations;
}

/** fillsExistingRows says whether ADD COLUMN gives the existing rows a value other than NULL. */
function fillsExistingRows(definition: ColumnDefinition): boolean {
  if (SERIAL_TYPES.has(readTypeName(definition.column.typeName).name)) return true;
  if (definition.column.identity !== undefined && definition.column.identity !== '') return true;
  if (definition.column.raw_default !== undefined && !isNullConstant(definition.column.raw_default))
    return true;
  return definition.constraints.some(
    (constraint) =>
      constraint.contype === 'CONSTR_IDENTITY' ||
      constraint.contype === 'CONSTR_GENERATED' ||
      (constraint.contype === 'CONSTR_DEFAULT' && !isNullConstant(constraint.raw_expr)),
  );
}

/** foreignKeySql is `FOREIGN KEY (a) REFERENCES t (id)` for a help line. */
function foreignKeySql(columns: readonly string[], constraint: Constraint): string {
  const referenced = stringValues(constraint.pk_attrs);
  const to = referenced.length === 0 ? '' : ` (${referenced.join(', ')})`;
  return `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${referencedName(constraint)}${to}`;
}

function referencedName(constraint: Constraint): string {
  const table = constraint.pktable;
  if (table?.relname === undefined) return 'the referenced table';
  return table.schemaname ? `${table.schemaname}.${table.relname}` : table.relname;
}

/**
 * validateInSameTransaction flags VALIDATE CONSTRAINT of a constraint added NOT VALID earlier in
 * the same transactional migration: the ADD's lock is held until commit, so the validation scan
 * blocks writes exactly like adding the constraint without NOT VALID.
 */
function validateInSameTransaction(context: StatementContext): RuleViolation[] {
  if (!context.inTransaction) return [];
  const alter = alterTableCommands(context);
  if (alter === null || !isExistingTable(context, alter.table)) return [];
  const violations: RuleViolation[] = [];
  for (const command of alter.commands) {
    if (command.subtype !== 'AT_ValidateConstraint' || command.name === undefined) continue;
    const contype = addedNotValidEarlier(context, tableKey(alter.table), command);
    if (contype === null) continue;
    const table = tableKey(alter.table);
    violations.push({
      message: `VALIDATE CONSTRAINT ${command.name} runs in the same transaction as its ADD ... NOT VALID: the scan of every row of ${table} happens while the ADD's ${ADD_LOCKS[contype] ?? 'lock'} still blocks writes${rowsNote(context, alter.table)}`,
      help: `Move ALTER TABLE ${alter.table.name} VALIDATE CONSTRAINT ${command.name} to a later migration: there it takes only a SHARE UPDATE EXCLUSIVE lock, which does not block writes.`,
      offset: alterCommandOffset(context, command),
      target: table,
    });
  }
  return violations;
}

/**
 * addedNotValidEarlier finds the kind (contype) of the FOREIGN KEY or CHECK named like the
 * VALIDATE's constraint that an earlier statement of the section, or an earlier subcommand of
 * this one, added NOT VALID to the same table; null when there is none.
 */
function addedNotValidEarlier(
  context: StatementContext,
  table: string,
  validate: AlterTableCmd,
): string | null {
  const statements = context.file[context.section]?.statements ?? [];
  let found: string | null = null;
  const scan = (ast: Node, stopAt: AlterTableCmd | null): void => {
    if (!('AlterTableStmt' in ast)) return;
    const relation = qualifiedName(ast.AlterTableStmt.relation, context);
    if (relation === null || tableKey(relation) !== table) return;
    for (const node of ast.AlterTableStmt.cmds ?? []) {
      if (!('AlterTableCmd' in node)) continue;
      const command = node.AlterTableCmd;
      if (command === stopAt) return;
      if (
        command.subtype !== 'AT_AddConstraint' ||
        command.def === undefined ||
        !('Constraint' in command.def)
      )
        continue;
      const constraint = command.def.Constraint;
      if (
        constraint.skip_validation === true &&
        constraint.conname === validate.name &&
        KINDS[constraint.contype ?? ''] !== undefined
      )
        found = constraint.contype ?? null;
    }
  };
  for (const statement of statements.slice(0, context.index)) scan(statement.ast, null);
  scan(context.statement.ast, validate);
  return found;
}
