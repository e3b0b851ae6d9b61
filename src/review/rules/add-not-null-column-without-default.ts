import { columnDefinitions, hasConstraint, isSkippedColumn } from '../ast/column-definitions.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { isNullConstant } from '../ast/null-constant.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { readTypeName } from '../ast/type-name.js';
import type { Rule, RuleViolation } from '../rule.js';

// These fill the column for existing rows, so NOT NULL holds without a DEFAULT.
const SELF_FILLING_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

/** add-not-null-column-without-default: the ALTER fails as soon as the table holds a row. */
export const addNotNullColumnWithoutDefault: Rule = {
  id: 'add-not-null-column-without-default',
  defaultSeverity: 'error',
  summary: 'ADD COLUMN ... NOT NULL without a DEFAULT on an existing table (fails when it has rows)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const definition of columnDefinitions(context)) {
      if (!definition.added || !isExistingTable(context, definition.table)) continue;
      if (isSkippedColumn(context, definition)) continue;
      const notNull =
        hasConstraint(definition, 'CONSTR_NOTNULL') || hasConstraint(definition, 'CONSTR_PRIMARY');
      if (!notNull) continue;
      const defaults = definition.constraints.filter((c) => c.contype === 'CONSTR_DEFAULT');
      // `DEFAULT NULL` (or `NULL::int`) fills existing rows with NULL: it is no default at all.
      const nullDefault = defaults.length > 0 && defaults.every((c) => isNullConstant(c.raw_expr));
      const filled =
        (defaults.length > 0 && !nullDefault) ||
        hasConstraint(definition, 'CONSTR_IDENTITY') ||
        hasConstraint(definition, 'CONSTR_GENERATED') ||
        SELF_FILLING_TYPES.has(readTypeName(definition.column.typeName).name);
      if (filled) continue;
      const name = definition.column.colname ?? '';
      violations.push({
        message: `ADD COLUMN ${name} NOT NULL ${nullDefault ? 'with DEFAULT NULL (which fills existing rows with NULL)' : 'without a DEFAULT'} fails on ${tableKey(definition.table)} as soon as it holds a row${rowsNote(context, definition.table)}`,
        help: 'Add the column with a constant DEFAULT (no rewrite since PostgreSQL 11), or add it nullable, backfill in batches, then enforce NOT NULL with a validated CHECK (see set-not-null).',
        offset: statementOffset(context, definition.column.location),
        target: `${tableKey(definition.table)}.${name}`,
      });
    }
    return violations;
  },
};
