import path from 'node:path';
import { parseMigrationFileName } from './migration-file-name.js';
import { matchesAppliedChecksum } from './migration-file-reads.js';
import type { MigrationFile, MigrationFileProblem } from './migration-file-types.js';
import type { ServiceMigrations } from './service-migrations.js';

export type IntegrityProblemCode =
  | 'file-problem'
  | 'checksum-changed'
  | 'file-missing'
  | 'duplicate-id'
  | 'out-of-order';

/** IntegrityProblem is one thing wrong between a service's files and its history. */
export interface IntegrityProblem {
  code: IntegrityProblemCode;
  service: string;
  /** The migration id concerned. */
  id: number;
  /** The file concerned (for a missing file: its path when it was applied). */
  file: string;
  line: number;
  column: number;
  /** Names the file(s): `migrations/auth/0003_x.sql: changed since it was applied ...`. */
  message: string;
}

export interface IntegrityOptions {
  /** Let a pending file whose id is below the newest applied one through. */
  allowOutOfOrder: boolean;
}

/**
 * checkMigrationIntegrity finds what makes applying or trusting a service's history unsafe: files
 * that cannot be read or parsed (pending or changed ones: see fileProblems), applied files that
 * changed or disappeared, two files with one id, and a pending file older than the newest applied
 * one (two branches that each added a migration).
 */
export function checkMigrationIntegrity(
  state: Pick<ServiceMigrations, 'service' | 'files' | 'applied'>,
  options: IntegrityOptions,
): IntegrityProblem[] {
  const service = state.service.name;
  const problems: IntegrityProblem[] = [];
  const appliedChecksums = new Map(state.applied.map((row) => [row.id, row.checksum]));
  for (const file of state.files) {
    for (const problem of fileProblems(file, appliedChecksums)) {
      problems.push({
        code: 'file-problem',
        service,
        id: file.id,
        file: file.path,
        line: problem.line,
        column: problem.column,
        message: `${file.path}:${problem.line}:${problem.column}: ${problem.message}`,
      });
    }
  }

  const byId = filesById(state.files);
  // A file whose name is a problem has a guessed id (`0x10_x.sql` reads as 0): it takes part in no
  // id check, since its file-problem is what to fix first.
  const wellNamed = state.files.filter(
    (file) => parseMigrationFileName(path.basename(file.absolutePath)).problem === null,
  );
  for (const [id, files] of filesById(wellNamed)) {
    const [first, ...others] = files;
    if (first === undefined || others.length === 0) continue;
    problems.push({
      code: 'duplicate-id',
      service,
      id,
      file: first.path,
      line: 1,
      column: 1,
      message: `${files.map((file) => file.path).join(' and ')}: two migrations with id ${id}; renumber one (\`dbward new\` picks the next free id)`,
    });
  }

  for (const row of state.applied) {
    const sharingId = byId.get(row.id) ?? [];
    const file = appliedFileOf(row.file, sharingId);
    if (file === null) continue;
    if (file === undefined) {
      problems.push({
        code: 'file-missing',
        service,
        id: row.id,
        file: row.file,
        line: 1,
        column: 1,
        message: `${row.file}: applied on ${row.appliedAt.toISOString()} but the file is gone; ${
          row.file.endsWith('.ts')
            ? 'restore it to roll it back (the code of a TypeScript migration is not stored, so `dbward down` needs the file)'
            : 'restore it (its down SQL is still stored, so `dbward down` works)'
        }`,
      });
    } else if (file.checksum !== '' && !matchesAppliedChecksum(file, row.checksum)) {
      // (A file that could not be read has no checksum: its file-problem says why.)
      problems.push({
        code: 'checksum-changed',
        service,
        id: row.id,
        file: file.path,
        line: 1,
        column: 1,
        message: `${file.path}: changed since it was applied on ${row.appliedAt.toISOString()} (checksum ${row.checksum.slice(0, 12)} then, ${file.checksum.slice(0, 12)} now); revert the edit and write a new migration instead`,
      });
    }
  }

  const newest = state.applied.at(-1);
  if (newest !== undefined && !options.allowOutOfOrder) {
    const appliedIds = new Set(state.applied.map((row) => row.id));
    for (const file of wellNamed) {
      if (appliedIds.has(file.id) || file.id >= newest.id) continue;
      problems.push({
        code: 'out-of-order',
        service,
        id: file.id,
        file: file.path,
        line: 1,
        column: 1,
        message: `${file.path}: pending, but ${newest.file} (id ${newest.id}) is already applied; renumber it after ${newest.id}, or apply it deliberately with --allow-out-of-order`,
      });
    }
  }
  return problems;
}

function filesById(files: readonly MigrationFile[]): Map<number, MigrationFile[]> {
  const byId = new Map<number, MigrationFile[]>();
  for (const file of files) byId.set(file.id, [...(byId.get(file.id) ?? []), file]);
  return byId;
}

/**
 * appliedFileOf is the file a history row stands for: the only file with its id, or, when several
 * share it, the one with the name the row recorded (the others are new files, which duplicate-id
 * reports); null when none of those has that name, since which one ran is then unknown.
 * Undefined: no file has the id.
 */
function appliedFileOf(
  recorded: string,
  sharingId: readonly MigrationFile[],
): MigrationFile | null | undefined {
  if (sharingId.length <= 1) return sharingId[0];
  const name = path.posix.basename(recorded);
  return sharingId.find((file) => path.basename(file.absolutePath) === name) ?? null;
}

/**
 * fileProblems are the problems of a file that is pending or changed. A file applied with these
 * very bytes was checked when it was applied, so only its name is checked again (it may have been
 * renamed): parsing every applied file would cost most of a run that applies a few.
 */
function fileProblems(
  file: MigrationFile,
  appliedChecksums: ReadonlyMap<number, string>,
): readonly MigrationFileProblem[] {
  if (appliedChecksums.get(file.id) !== file.checksum) return file.problems;
  const { problem } = parseMigrationFileName(path.basename(file.absolutePath));
  return problem === null ? [] : [problem];
}
