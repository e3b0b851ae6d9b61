import type { IndexStmt } from 'libpg-query';
import { beforeTable } from '../ast/existing-table.js';
import { type QualifiedName, qualifiedName, tableKey } from '../ast/qualified-name.js';
import { statementOffset } from '../ast/statement-offset.js';
import { addedConstraints } from '../ast/table-constraints.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

/** leadingColumnsCover: an index serves the foreign key when its first columns are the key's. */
function leadingColumnsCover(indexColumns: readonly string[], keyColumns: readonly string[]): boolean {
  const leading = new Set(indexColumns.slice(0, keyColumns.length));
  return keyColumns.length > 0 && keyColumns.every((column) => leading.has(column));
}

function indexStatementColumns(index: IndexStmt): string[] {
  return (index.indexParams ?? []).map((param) => ('IndexElem' in param ? (param.IndexElem.name ?? '') : ''));
}

/** indexedColumnSets lists the column lists of every index the table has or gets in this section. */
function indexedColumnSets(context: StatementContext, table: QualifiedName): string[][] {
  const sets = (beforeTable(context, table)?.indexes ?? []).map((index) => index.columns);
  const key = tableKey(table);
  for (const statement of context.file[context.section]?.statements ?? []) {
    const ast = statement.ast;
    if ('IndexStmt' in ast) {
      const indexed = qualifiedName(ast.IndexStmt.relation, context);
      if (indexed !== null && tableKey(indexed) === key) sets.push(indexStatementColumns(ast.IndexStmt));
    }
  }
  // PRIMARY KEY and UNIQUE constraints of this statement come with an index.
  for (const added of addedConstraints(context)) {
    const kind = added.constraint.contype;
    if ((kind === 'CONSTR_PRIMARY' || kind === 'CONSTR_UNIQUE') && tableKey(added.table) === key)
      sets.push(added.columns);
  }
  return sets;
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
      const sets = indexedColumnSets(context, added.table);
      if (sets.some((columns) => leadingColumnsCover(columns, added.columns))) continue;
      const columns = added.columns.join(', ');
      const referenced = qualifiedName(added.constraint.pktable, context);
      violations.push({
        message: `foreign key (${columns}) of ${tableKey(added.table)} has no index: each delete or key update on ${referenced === null ? 'the referenced table' : tableKey(referenced)} scans ${tableKey(added.table)}`,
        help: `Index ${added.table.name} (${columns}): in the same migration for a new table; for one that holds rows, first with CREATE INDEX CONCURRENTLY in its own -- dbward:no-transaction migration, then add the key.`,
        offset: statementOffset(context, added.constraint.location),
        target: `${tableKey(added.table)}(${columns})`,
      });
    }
    return violations;
  },
};
