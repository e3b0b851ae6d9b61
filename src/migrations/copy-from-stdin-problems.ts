import type { MigrationFileProblem, MigrationSection } from './migration-file-types.js';

/**
 * copyFromStdinProblems: each `COPY ... FROM STDIN` of a migration's sections, as a file problem
 * at the statement, found before anything is applied. dbward sends a migration as SQL with no data
 * stream behind it, so the server waits for rows nobody sends and the driver cancels it (57014,
 * with no position); in an `up --sql` script psql would take the lines after it as its rows.
 * `COPY ... TO STDOUT` is left alone: its output is discarded, which breaks nothing.
 */
export function copyFromStdinProblems(
  sections: readonly (MigrationSection | null)[],
): MigrationFileProblem[] {
  const problems: MigrationFileProblem[] = [];
  for (const section of sections) {
    for (const statement of section?.statements ?? []) {
      if (!('CopyStmt' in statement.ast)) continue;
      const copy = statement.ast.CopyStmt;
      // No file name, not a program: STDIN.
      if (copy.is_from !== true || copy.is_program === true || copy.filename !== undefined) continue;
      problems.push({
        code: 'copy-from-stdin',
        message:
          'COPY ... FROM STDIN in a migration: dbward runs migrations as SQL with no data stream to read the rows from; write the rows as INSERT ... VALUES, or COPY FROM a file the server can read',
        line: statement.line,
        column: statement.column,
      });
    }
  }
  return problems;
}
