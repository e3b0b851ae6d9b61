import { isSkippedColumn } from '../ast/column-definitions.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { isPartitionedBefore } from '../ast/partitioned-table.js';
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
      if (added.definition !== undefined && isSkippedColumn(context, added.definition)) continue;
      const offset = statementOffset(context, added.constraint.location);
      const target = tableKey(added.table);
      if (kind === 'EXCLUDE') {
        const method = added.constraint.access_method ?? 'btree';
        const name = added.constraint.conname === undefined ? '' : ` CONSTRAINT ${added.constraint.conname}`;
        violations.push({
          message: `ADD${name} EXCLUDE USING ${method} builds its own index on ${target} under the ACCESS EXCLUSIVE lock of the ALTER TABLE${rowsNote(context, added.table)}: no reads or writes until it is done, and an exclusion constraint cannot adopt an index built concurrently`,
          help: 'There is no concurrent way to add an exclusion constraint: add it while the table is small or in a maintenance window, with a short lock_timeout. When every operator is = (plain uniqueness), use a UNIQUE constraint instead: CREATE UNIQUE INDEX CONCURRENTLY (-- dbward:no-transaction), then ADD CONSTRAINT ... UNIQUE USING INDEX <index>.',
          offset,
          target,
        });
        continue;
      }
      const columns = added.columns.join(', ');
      violations.push({
        message: `ADD ${kind} (${columns}) builds a unique index on ${target} under an ACCESS EXCLUSIVE lock${rowsNote(context, added.table)}: no reads or writes until it is done`,
        help: isPartitionedBefore(context, added.table)
          ? `${target} is partitioned: neither CREATE INDEX CONCURRENTLY nor ADD ... USING INDEX works on it. A ${kind} constraint on it is always built under the lock (it builds new indexes on every partition, even where a matching one exists). Where a unique index is enough (a foreign key can reference one): CREATE UNIQUE INDEX ... ON ONLY the parent (${columns}), CREATE UNIQUE INDEX CONCURRENTLY on each partition (-- dbward:no-transaction), then ALTER INDEX ... ATTACH PARTITION for each; otherwise add the constraint in a quiet window with a short lock_timeout.`
          : `Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (in a -- dbward:no-transaction migration), then ADD CONSTRAINT ... ${kind} USING INDEX <index>.`,
        offset,
        target,
      });
    }
    return violations;
  },
};
