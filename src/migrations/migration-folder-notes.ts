import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedService } from '../config/resolved-config.js';
import { migrationSlug, nextMigrationId } from './create-migration-file.js';
import { migrationPathsUnder } from './discover-migrations.js';
import { MAX_MIGRATION_ID } from './migration-file-name.js';

/**
 * MigrationFolderNote is something about a service's migrations folder that changes nothing but
 * that a user would want to know: a `.sql` file that is not taken for a migration (so it will
 * never be applied), or a folder that does not exist.
 */
export interface MigrationFolderNote {
  kind: 'ignored-file' | 'missing-folder';
  service: string;
  /** The project-relative path of the file or folder. */
  file: string;
  message: string;
}

/**
 * migrationFolderNotes looks at a service's migrations folder for what discovery skips without
 * a word: a `.sql` file whose name does not start with a digit is not a migration, which is what
 * a misnamed one (`add_users.sql`, Flyway's `V2__add_users.sql`) looks like. TypeScript files are
 * left out: a shared helper module beside TypeScript migrations is normal.
 */
export async function migrationFolderNotes(
  service: ResolvedService,
  rootDir: string,
): Promise<MigrationFolderNote[]> {
  const relativeOf = migrationPathsUnder(rootDir, service.migrationsDir);
  let entries: { name: string; isFile(): boolean; isSymbolicLink(): boolean }[];
  try {
    entries = await readdir(service.migrationsDir, { withFileTypes: true });
  } catch (cause: unknown) {
    if (!(cause instanceof Error && 'code' in cause && cause.code === 'ENOENT')) return [];
    const folder = path.relative(rootDir, service.migrationsDir).split(path.sep).join('/');
    return [
      {
        kind: 'missing-folder',
        service: service.name,
        file: folder,
        message: `${folder} does not exist: ${service.name} has no migrations yet (\`dbward new ${service.name} <name>\` creates the first)`,
      },
    ];
  }
  const names = entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => entry.name);
  // Each ignored file is offered its own next id, in name order, so following the advice for all
  // of them makes no duplicate; past the largest id there is no name to offer.
  const next = nextMigrationId(names);
  const ignored = names
    .filter((name) => isIgnoredSqlFile(name) && !isDirectory(path.join(service.migrationsDir, name)))
    .sort();
  return ignored.map((name, index) => {
    const id = next.id + index;
    const rename =
      id > MAX_MIGRATION_ID
        ? `no id is left for it after ${MAX_MIGRATION_ID}`
        : `rename it to ${String(id).padStart(next.idText.length, '0')}_${suggestedName(name)}.sql`;
    return {
      kind: 'ignored-file' as const,
      service: service.name,
      file: relativeOf(name),
      message: `${relativeOf(name)} is not a migration, so it is never applied: a migration's file name starts with its id (${rename}, or move it out of the folder)`,
    };
  });
}

/** isDirectory: a symbolic link to a folder named `x.sql` is not a file left out by mistake. */
function isDirectory(absolutePath: string): boolean {
  try {
    return statSync(absolutePath).isDirectory();
  } catch {
    return false;
  }
}

function isIgnoredSqlFile(fileName: string): boolean {
  return /\.sql$/i.test(fileName) && !/^\d/.test(fileName);
}

/**
 * suggestedName: the file's name as a migration name, without a Flyway prefix (`V2__`, `R__`) or an
 * id of its own (`.0005_x.sql`, hidden by its dot, is `x`: the new id goes in front).
 */
function suggestedName(fileName: string): string {
  const name = migrationSlug(
    fileName.replace(/\.sql$/i, '').replace(/^(?:[VU]\d+(?:[._]\d+)*|R)__/i, ''),
  ).replace(/^\d+(?:_|$)/, '');
  return name === '' ? 'migration' : name;
}
