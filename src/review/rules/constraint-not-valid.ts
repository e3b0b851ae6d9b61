import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { addedConstraints } from '../ast/table-constraints.js';
import type { Rule, RuleViolation } from '../rule.js';

const KINDS: Partial<Record<string, string>> = { CONSTR_FOREIGN: 'FOREIGN KEY', CONSTR_CHECK: 'CHECK' };

/**
 * constraint-not-valid: adding a FOREIGN KEY or CHECK to an existing table checks every row
 * while holding a lock that blocks writes (for a foreign key, on both tables).
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
      if (added.constraint.skip_validation === true || !isExistingTable(context, added.table)) continue;
      const name = added.constraint.conname ?? kind;
      violations.push({
        message: `ADD ${kind}${added.constraint.conname === undefined ? '' : ` ${added.constraint.conname}`} checks every row of ${tableKey(added.table)} while blocking writes${rowsNote(context, added.table)}`,
        help: `Add it with NOT VALID (new rows are checked at once), then run ALTER TABLE ${added.table.name} VALIDATE CONSTRAINT ${name} in a later migration: validation does not block writes.`,
        offset: statementOffset(context, added.constraint.location),
        target: tableKey(added.table),
      });
    }
    return violations;
  },
};
