import { droppedObjects } from '../ast/dropped-objects.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

/** indexTable finds the table an index belonged to before the migration, or null when it did not exist. */
function indexTable(context: StatementContext, schema: string, index: string): string | null {
  const tables = context.before.schemas.find((s) => s.name === schema)?.tables ?? [];
  return tables.find((table) => table.indexes.some((i) => i.name === index))?.name ?? null;
}

/**
 * drop-index-not-concurrently: DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table;
 * behind a long query it waits, and every query queued after it waits too.
 */
export const dropIndexNotConcurrently: Rule = {
  id: 'drop-index-not-concurrently',
  defaultSeverity: 'warning',
  summary: 'DROP INDEX without CONCURRENTLY on an index that existed before the migration',
  checkStatement(context) {
    const ast = context.statement.ast;
    if (
      !('DropStmt' in ast) ||
      ast.DropStmt.removeType !== 'OBJECT_INDEX' ||
      ast.DropStmt.concurrent === true
    )
      return [];
    const violations: RuleViolation[] = [];
    for (const { schema, name } of droppedObjects(ast.DropStmt, context)) {
      // An index the shadow replay does not know was created in this migration (or never existed).
      const table = indexTable(context, schema, name);
      if (table === null || context.createdInMigration.has(`${schema}.${table}`)) continue;
      violations.push({
        message: `DROP INDEX ${schema}.${name} locks ${schema}.${table} exclusively; behind a long query it waits, and every query on the table queues behind it`,
        help: 'Use DROP INDEX CONCURRENTLY IF EXISTS in a migration marked `-- dbward:no-transaction`.',
        target: `${schema}.${table}`,
      });
    }
    return violations;
  },
};
