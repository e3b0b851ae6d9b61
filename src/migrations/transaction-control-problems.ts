import type { MigrationFileProblem, MigrationSection } from './migration-file-types.js';

/**
 * Statements that end or start the transaction dbward runs a migration in. After a COMMIT the
 * rest of the section runs outside it (with the service's search_path gone) and a ROLLBACK
 * silently discards what came before while the history row still records the migration, so
 * either breaks "one migration, one transaction". Savepoints stay inside it and are allowed.
 */
const TRANSACTION_ENDING_KINDS: ReadonlyMap<string, string> = new Map([
  ['TRANS_STMT_BEGIN', 'BEGIN'],
  ['TRANS_STMT_START', 'START TRANSACTION'],
  ['TRANS_STMT_COMMIT', 'COMMIT'],
  ['TRANS_STMT_ROLLBACK', 'ROLLBACK'],
  ['TRANS_STMT_PREPARE', 'PREPARE TRANSACTION'],
  ['TRANS_STMT_COMMIT_PREPARED', 'COMMIT PREPARED'],
  ['TRANS_STMT_ROLLBACK_PREPARED', 'ROLLBACK PREPARED'],
]);

/**
 * transactionControlProblems: each statement of a transactional migration's sections that would
 * start, end or prepare its transaction, as a file problem at the statement, found before
 * anything is applied.
 */
export function transactionControlProblems(
  sections: readonly (MigrationSection | null)[],
): MigrationFileProblem[] {
  const problems: MigrationFileProblem[] = [];
  for (const section of sections) {
    for (const statement of section?.statements ?? []) {
      if (!('TransactionStmt' in statement.ast)) continue;
      const kind = statement.ast.TransactionStmt.kind;
      const label = kind === undefined ? undefined : TRANSACTION_ENDING_KINDS.get(kind);
      if (label === undefined) continue;
      problems.push({
        code: 'transaction-control',
        message: `${label} in a migration that dbward runs in its own transaction: it would end that transaction early, so part of the migration could be committed or discarded while its history row says otherwise; remove it (each migration is already all or nothing), or mark the file -- dbward:no-transaction to manage transactions yourself`,
        line: statement.line,
        column: statement.column,
      });
    }
  }
  return problems;
}
