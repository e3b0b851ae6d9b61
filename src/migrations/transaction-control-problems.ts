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
 * transactionControlProblems: each statement of a migration's sections that would start, end or
 * prepare a transaction, as a file problem at the statement, found before anything is applied.
 * In a no-transaction migration too: its statements run one at a time, and after a failure inside
 * a transaction of its own dbward could not tell what stays committed.
 */
export function transactionControlProblems(
  sections: readonly (MigrationSection | null)[],
  noTransaction: boolean,
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
        message: noTransaction
          ? `${label} in a no-transaction migration: dbward runs its statements one at a time and could not tell what a failure inside your own transaction leaves committed; move the statements that belong together into a migration of their own without -- dbward:no-transaction (each such migration runs in one transaction)`
          : `${label} in a migration that dbward runs in its own transaction: it would end that transaction early, so part of the migration could be committed or discarded while its history row says otherwise; remove it (each migration is already all or nothing)`,
        line: statement.line,
        column: statement.column,
      });
    }
  }
  return problems;
}
