import type { Node } from 'libpg-query';
import { alterTableCommands } from '../ast/alter-table-commands.js';
import type { Rule, StatementContext } from '../rule.js';

/** concurrentOperation names the CONCURRENTLY operation of a statement that cannot run in a transaction. */
function concurrentOperation(context: StatementContext, ast: Node): string | null {
  if ('IndexStmt' in ast && ast.IndexStmt.concurrent === true) return 'CREATE INDEX CONCURRENTLY';
  if ('DropStmt' in ast && ast.DropStmt.concurrent === true) return 'DROP INDEX CONCURRENTLY';
  if ('ReindexStmt' in ast) {
    const options = (ast.ReindexStmt.params ?? []).flatMap((param) =>
      'DefElem' in param ? [param.DefElem.defname ?? ''] : [],
    );
    if (options.includes('concurrently')) return 'REINDEX CONCURRENTLY';
  }
  for (const command of alterTableCommands(context)?.commands ?? []) {
    if (command.subtype !== 'AT_DetachPartition' || command.def === undefined) continue;
    if ('PartitionCmd' in command.def && command.def.PartitionCmd.concurrent === true)
      return 'DETACH PARTITION CONCURRENTLY';
  }
  return null;
}

/**
 * concurrently-in-transaction: PostgreSQL refuses CONCURRENTLY inside a transaction block, and
 * migrations run in one unless the file says `-- dbward:no-transaction`.
 */
export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  defaultSeverity: 'error',
  summary: 'CONCURRENTLY in a migration that runs in a transaction (no -- dbward:no-transaction)',
  sections: ['up', 'down'],
  checkStatement(context) {
    if (!context.inTransaction) return [];
    const operation = concurrentOperation(context, context.statement.ast);
    if (operation === null) return [];
    return [
      {
        message: `${operation} cannot run inside a transaction block, and this migration runs in one`,
        help: 'Put the statement in a migration of its own and mark the file with `-- dbward:no-transaction` (one statement per such file, so a failure leaves nothing half done).',
      },
    ];
  },
};
