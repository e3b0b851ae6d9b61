import type { Node, ReindexStmt } from 'libpg-query';
import { concurrentOperation } from '../../migrations/concurrent-operation.js';
import type { Rule } from '../rule.js';

/**
 * outsideTransactionOnly names what in a statement PostgreSQL refuses inside a transaction block:
 * a CONCURRENTLY operation, VACUUM in any form (plain, FULL, ANALYZE; ANALYZE alone is allowed),
 * or REINDEX SCHEMA, SYSTEM or DATABASE.
 */
function outsideTransactionOnly(ast: Node): string | null {
  if ('VacuumStmt' in ast) return ast.VacuumStmt.is_vacuumcmd === true ? 'VACUUM' : null;
  if ('ReindexStmt' in ast) return reindexOutsideTransactionOnly(ast, ast.ReindexStmt);
  return concurrentOperation(ast);
}

// REINDEX of many tables commits one transaction per table, so PostgreSQL refuses it in a block.
const MULTI_TABLE_REINDEX: Partial<Record<string, string>> = {
  REINDEX_OBJECT_SCHEMA: 'REINDEX SCHEMA',
  REINDEX_OBJECT_SYSTEM: 'REINDEX SYSTEM',
  REINDEX_OBJECT_DATABASE: 'REINDEX DATABASE',
};

/**
 * reindexOutsideTransactionOnly: `REINDEX ... CONCURRENTLY` (as concurrentOperation reads it:
 * `(CONCURRENTLY false)` runs in a transaction), and REINDEX SCHEMA, SYSTEM and DATABASE in any
 * form.
 */
function reindexOutsideTransactionOnly(ast: Node, statement: ReindexStmt): string | null {
  return concurrentOperation(ast) ?? MULTI_TABLE_REINDEX[statement.kind ?? ''] ?? null;
}

/**
 * concurrently-in-transaction: PostgreSQL refuses CONCURRENTLY (and VACUUM) inside a transaction
 * block, and migrations run in one unless the file says `-- dbward:no-transaction`.
 */
export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  defaultSeverity: 'error',
  summary: 'CONCURRENTLY or VACUUM in a migration that runs in a transaction (no -- dbward:no-transaction)',
  sections: ['up', 'down'],
  checkStatement(context) {
    if (!context.inTransaction) return [];
    const operation = outsideTransactionOnly(context.statement.ast);
    if (operation === null) return [];
    return [
      {
        message: `${operation} cannot run inside a transaction block, and this migration runs in one`,
        help: 'Put the statement in a migration of its own and mark the file with `-- dbward:no-transaction` (one statement per such file, so a failure leaves nothing half done).',
      },
    ];
  },
};
