import { concurrentOperation } from '../../migrations/concurrent-operation.js';
import { isExistingTable, rowsNote } from '../ast/existing-table.js';
import { qualifiedName, tableKey } from '../ast/qualified-name.js';
import type { Rule } from '../rule.js';

const WHAT: Partial<Record<string, string>> = {
  REINDEX_OBJECT_INDEX: 'REINDEX INDEX',
  REINDEX_OBJECT_TABLE: 'REINDEX TABLE',
  REINDEX_OBJECT_SCHEMA: 'REINDEX SCHEMA',
  REINDEX_OBJECT_SYSTEM: 'REINDEX SYSTEM',
  REINDEX_OBJECT_DATABASE: 'REINDEX DATABASE',
};

/**
 * reindex-not-concurrently: a plain REINDEX holds a SHARE lock on the table (no writes) and an
 * ACCESS EXCLUSIVE lock on each index it rebuilds (no query can use it) for the whole rebuild.
 * REINDEX ... CONCURRENTLY (PostgreSQL 12+) builds the new index beside the old one instead.
 */
export const reindexNotConcurrently: Rule = {
  id: 'reindex-not-concurrently',
  defaultSeverity: 'error',
  summary: 'REINDEX without CONCURRENTLY (blocks writes, and reads that use the index, while it rebuilds)',
  sections: ['up', 'down'],
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('ReindexStmt' in ast) || concurrentOperation(ast) !== null) return [];
    const what = WHAT[ast.ReindexStmt.kind ?? ''] ?? 'REINDEX';
    const relation = qualifiedName(ast.ReindexStmt.relation, context);
    // A table this migration created (or a temporary one) holds nothing anyone waits for.
    if (
      ast.ReindexStmt.kind === 'REINDEX_OBJECT_TABLE' &&
      relation !== null &&
      !isExistingTable(context, relation)
    )
      return [];
    const name = relation === null ? (ast.ReindexStmt.name ?? '') : tableKey(relation);
    const rows =
      ast.ReindexStmt.kind === 'REINDEX_OBJECT_TABLE' && relation !== null ? rowsNote(context, relation) : '';
    const onTable = ast.ReindexStmt.kind === 'REINDEX_OBJECT_TABLE' && relation !== null;
    return [
      {
        message: `${what}${name === '' ? '' : ` ${name}`} rebuilds ${ast.ReindexStmt.kind === 'REINDEX_OBJECT_INDEX' ? 'the index' : 'every index'} while blocking writes to the table${rows} and every query that would use ${ast.ReindexStmt.kind === 'REINDEX_OBJECT_INDEX' ? 'it' : 'them'}, until it finishes`,
        help: `Use ${what} CONCURRENTLY (PostgreSQL 12 and later) in a migration of its own marked \`-- dbward:no-transaction\`: it builds the new index beside the old one and swaps them, blocking neither reads nor writes. A failed concurrent rebuild leaves an INVALID index named ..._ccnew, which \`dbward status\` reports with the statement to drop it.`,
        ...(onTable ? { target: tableKey(relation) } : {}),
      },
    ];
  },
};
