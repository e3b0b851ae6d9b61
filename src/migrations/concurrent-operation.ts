import type { Node } from 'libpg-query';
import { booleanOption } from './boolean-option.js';

/** The statements PostgreSQL runs with CONCURRENTLY, none of which may run in a transaction block. */
export type ConcurrentOperation =
  | 'CREATE INDEX CONCURRENTLY'
  | 'DROP INDEX CONCURRENTLY'
  | 'REINDEX CONCURRENTLY'
  | 'DETACH PARTITION CONCURRENTLY';

/**
 * concurrentOperation names the CONCURRENTLY operation of a parsed statement, or null. One
 * answer for the runner (which of them may be retried after a lock timeout) and the review
 * (which of them cannot run in a transaction).
 */
export function concurrentOperation(ast: Node): ConcurrentOperation | null {
  if ('IndexStmt' in ast) return ast.IndexStmt.concurrent === true ? 'CREATE INDEX CONCURRENTLY' : null;
  if ('DropStmt' in ast) return ast.DropStmt.concurrent === true ? 'DROP INDEX CONCURRENTLY' : null;
  if ('ReindexStmt' in ast) {
    // `(CONCURRENTLY false)` is a plain REINDEX, which runs in a transaction.
    const concurrently = (ast.ReindexStmt.params ?? []).some(
      (param) =>
        'DefElem' in param &&
        param.DefElem.defname === 'concurrently' &&
        booleanOption(param.DefElem.arg) !== false,
    );
    return concurrently ? 'REINDEX CONCURRENTLY' : null;
  }
  if ('AlterTableStmt' in ast) {
    const detaches = (ast.AlterTableStmt.cmds ?? []).some((item) => {
      if (!('AlterTableCmd' in item)) return false;
      const { subtype, def } = item.AlterTableCmd;
      return (
        subtype === 'AT_DetachPartition' &&
        def !== undefined &&
        'PartitionCmd' in def &&
        def.PartitionCmd.concurrent === true
      );
    });
    return detaches ? 'DETACH PARTITION CONCURRENTLY' : null;
  }
  return null;
}
