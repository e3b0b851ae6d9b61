import type { CatalogTable } from '../../catalog/catalog-model.js';
import { droppedObjects } from '../ast/dropped-objects.js';
import type { Rule, RuleViolation, StatementContext } from '../rule.js';

/** indexTable finds the table an index belonged to before the migration, or null when it did not exist. */
function indexTable(context: StatementContext, schema: string, index: string): CatalogTable | null {
  const tables = context.before.schemas.find((s) => s.name === schema)?.tables ?? [];
  return tables.find((table) => table.indexes.some((i) => i.name === index)) ?? null;
}

const PARTITIONED_HELP =
  "An index of a partitioned table cannot be dropped CONCURRENTLY (nor can its partitions' indexes, which it owns): use a plain DROP INDEX in a migration of its own that does nothing else, with a short lock_timeout (SET lock_timeout = '2s') and retries, so that it fails fast instead of queueing every query behind it.";

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
    if (!('DropStmt' in ast) || ast.DropStmt.removeType !== 'OBJECT_INDEX') return [];
    const concurrent = ast.DropStmt.concurrent === true;
    const violations: RuleViolation[] = [];
    for (const { schema, name } of droppedObjects(ast.DropStmt, context)) {
      // An index the shadow replay does not know was created in this migration (or never existed).
      const found = indexTable(context, schema, name);
      if (found === null) continue;
      const table = found.name;
      const partitioned = found.kind === 'partitioned-table';
      if (concurrent) {
        // PostgreSQL refuses: "cannot drop partitioned index ... concurrently".
        if (partitioned)
          violations.push({
            message: `DROP INDEX CONCURRENTLY fails on ${schema}.${name}: it is an index of the partitioned table ${schema}.${table}, which PostgreSQL cannot drop concurrently`,
            help: PARTITIONED_HELP,
            severity: 'error',
            target: `${schema}.${table}`,
          });
        continue;
      }
      if (context.createdInMigration.has(`${schema}.${table}`)) continue;
      violations.push({
        message: `DROP INDEX ${schema}.${name} locks ${schema}.${table} exclusively; behind a long query it waits, and every query on the table queues behind it`,
        help: partitioned
          ? PARTITIONED_HELP
          : 'Use DROP INDEX CONCURRENTLY IF EXISTS in a migration marked `-- dbward:no-transaction`.',
        target: `${schema}.${table}`,
      });
    }
    return violations;
  },
};
