import type { IntegrityProblem } from './check-migration-integrity.js';
import { type MigrationModule, tryLoadMigrationModule } from './load-migration-module.js';

/** A TypeScript migration file to load: what a MigrationFile or a pending MigrationRef gives. */
export interface TypeScriptMigrationFile {
  id: number;
  /** Relative to the project root, with `/`. */
  path: string;
  absolutePath: string;
}

/** Modules loaded by the pre-flight, per file object: `up` runs the code that was checked. */
const checkedModules = new WeakMap<TypeScriptMigrationFile, MigrationModule>();

/**
 * typescriptMigrationProblems loads every TypeScript migration among `files` (the pending ones of
 * `service`) before anything is applied, so one that does not compile, throws while loading or
 * exports no function `up` is a `file-problem` at its `file:line:column`, like a SQL syntax
 * error, instead of a failure in the middle of a deploy. jiti is not even loaded when there is no
 * TypeScript migration among them.
 */
export async function typescriptMigrationProblems(
  service: string,
  files: readonly TypeScriptMigrationFile[],
): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  for (const file of files) {
    if (!file.path.endsWith('.ts')) continue;
    const load = await tryLoadMigrationModule(file.absolutePath, file.path);
    if (load.ok) {
      checkedModules.set(file, load.module);
      continue;
    }
    const { line, column, message } = load.problem;
    problems.push({
      code: 'file-problem',
      service,
      id: file.id,
      file: file.path,
      line,
      column,
      message: `${file.path}:${line}:${column}: ${message}`,
    });
  }
  return problems;
}

/** checkedMigrationModule is the module the pre-flight loaded for this file object, if it did. */
export function checkedMigrationModule(file: TypeScriptMigrationFile): MigrationModule | undefined {
  return checkedModules.get(file);
}
