import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { addedConstraints } from '../ast/table-constraints.js';
import type { Rule, RuleViolation } from '../rule.js';

const KINDS: Partial<Record<string, string>> = {
  CONSTR_UNIQUE: 'UNIQUE',
  CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_EXCLUSION: 'EXCLUDE',
};

/**
 * unique-without-index: a UNIQUE or PRIMARY KEY constraint added to an existing table builds its
 * index while holding an ACCESS EXCLUSIVE lock; `USING INDEX` adopts one built concurrently.
 */
export const uniqueWithoutIndex: Rule = {
  id: 'unique-without-index',
  defaultSeverity: 'error',
  summary: 'UNIQUE or PRIMARY KEY added to an existing table without a prior concurrent index',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const added of addedConstraints(context)) {
      const kind = KINDS[added.constraint.contype ?? ''];
      if (kind === undefined || added.origin === 'create-table') continue;
      if (added.constraint.indexname !== undefined || !isExistingTable(context, added.table)) continue;
      const columns = added.columns.join(', ');
      violations.push({
        message: `ADD ${kind} (${columns}) builds a unique index on ${tableKey(added.table)} under an ACCESS EXCLUSIVE lock${rowsNote(context, added.table)}: no reads or writes until it is done`,
        help: `Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (in a -- dbward:no-transaction migration), then ADD CONSTRAINT ... ${kind === 'EXCLUDE' ? 'EXCLUDE' : `${kind} USING INDEX <index>`}.`,
        offset: statementOffset(context, added.constraint.location),
        target: tableKey(added.table),
      });
    }
    return violations;
  },
};
