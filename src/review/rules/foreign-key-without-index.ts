import { indexesAfterMigration, type TrackedIndex } from '../ast/migration-indexes.js';
import { isPartitionedBefore, partitionIndexRecipe } from '../ast/partitioned-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { addedConstraints } from '../ast/table-constraints.js';
import type { Rule, RuleViolation } from '../rule.js';

/**
 * coversKey: the foreign key's check (`WHERE key = $1`) and ON DELETE actions can search an index
 * whose first columns are the key's: a valid btree (or a one-column hash) index on plain columns.
 * A partial index needs its predicate in the query, which the check never has.
 */
function coversKey(index: TrackedIndex, keyColumns: readonly string[]): boolean {
  if (index.partial || !index.valid || keyColumns.length === 0) return false;
  if (index.method !== 'btree' && !(index.method === 'hash' && keyColumns.length === 1)) return false;
  const leading = new Set(index.columns.slice(0, keyColumns.length));
  return keyColumns.every((column) => leading.has(column));
}

/**
 * foreign-key-without-index: without an index on the referencing columns, every DELETE or key
 * UPDATE on the referenced table scans the referencing table (and joins are slow).
 */
export const foreignKeyWithoutIndex: Rule = {
  id: 'foreign-key-without-index',
  defaultSeverity: 'warning',
  summary: 'a foreign key whose columns have no index (deletes on the parent scan the child table)',
  checkStatement(context) {
    const violations: RuleViolation[] = [];
    for (const added of addedConstraints(context)) {
      if (added.constraint.contype !== 'CONSTR_FOREIGN' || added.columns.length === 0) continue;
      const indexes = indexesAfterMigration(context, added.table);
      if (indexes.some((index) => coversKey(index, added.columns))) continue;
      const columns = added.columns.join(', ');
      const referenced = qualifiedName(added.constraint.pktable, context);
      violations.push({
        message: `foreign key (${columns}) of ${tableKey(added.table)} has no index: each delete or key update on ${referenced === null ? 'the referenced table' : tableKey(referenced)} scans ${tableKey(added.table)}`,
        help: isPartitionedBefore(context, added.table)
          ? `Index ${added.table.name} (${columns}) before adding the key. ${partitionIndexRecipe(added.table.name)}`
          : `Index ${added.table.name} (${columns}): in the same migration for a new table; for one that holds rows, first with CREATE INDEX CONCURRENTLY in its own -- dbward:no-transaction migration, then add the key.`,
        offset: statementOffset(context, added.constraint.location),
        target: `${tableKey(added.table)}(${columns})`,
      });
    }
    return violations;
  },
};
