import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DbwardError } from '../errors/dbward-error.js';
import { CONFIG_FILE_NAMES } from './find-config-file.js';

export interface InitProjectOptions {
  /** Services to scaffold; default `['app']`. A name given twice counts once. */
  services?: string[];
}

export interface InitProjectResult {
  /** Paths created, relative to the directory. */
  created: string[];
  /**
   * What was left out and why, e.g. `no starter migration for auth: migrations/auth already holds
   * migration files (0001_existing.sql)`.
   */
  notes: string[];
}

/**
 * initProject scaffolds a dbward project in `dir`: a config and, per service, the migrations,
 * seeds and source folders with a first migration. It refuses to touch a directory that already
 * has a dbward config, and never overwrites a file. A service whose migrations folder already
 * holds migration files gets no starter migration (its id would clash with theirs); the result's
 * notes say so.
 */
export async function initProject(dir: string, options: InitProjectOptions = {}): Promise<InitProjectResult> {
  const services = [...new Set(options.services?.length ? options.services : ['app'])];
  for (const service of services) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(service)) {
      throw new DbwardError('bad-usage', `init: service name "${service}" is not a lower-case identifier`, {
        exitCode: 2,
      });
    }
    if (service.startsWith('pg_')) {
      // The service's schema would be its name, which PostgreSQL refuses (and loadConfig too).
      throw new DbwardError(
        'bad-usage',
        `init: service name "${service}" starts with pg_, which PostgreSQL reserves for system schemas`,
        { exitCode: 2 },
      );
    }
  }
  const existing = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
  if (existing) {
    throw new DbwardError('init-refused', `init: ${existing} already exists; nothing was changed`, {
      exitCode: 1,
    });
  }
  const files = new Map<string, string>();
  const notes: string[] = [];
  files.set('dbward.config.ts', configText(services));
  for (const service of services) {
    const present = await migrationFilesIn(join(dir, 'migrations', service));
    if (present.length === 0) files.set(`migrations/${service}/0001_initial.sql`, firstMigrationText());
    else {
      const shown = present.length > 3 ? [...present.slice(0, 3), '...'] : present;
      notes.push(
        `no starter migration for ${service}: migrations/${service} already holds migration files (${shown.join(', ')})`,
      );
    }
    files.set(`seeds/${service}/.gitkeep`, '');
    files.set(`src/services/${service}/.gitkeep`, '');
  }
  const clashes = [...files.keys()].filter((path) => existsSync(join(dir, path)));
  if (clashes.length > 0) {
    throw new DbwardError('init-refused', `init: ${clashes.join(', ')} already exist; nothing was changed`, {
      exitCode: 1,
    });
  }
  const created: string[] = [];
  for (const [path, text] of files) {
    const file = join(dir, path);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, text, { flag: 'wx' });
    created.push(relative(dir, file).split('\\').join('/'));
  }
  await mkdir(join(dir, '.dbward'), { recursive: true });
  if (!existsSync(join(dir, '.dbward', '.gitignore')))
    await writeFile(join(dir, '.dbward', '.gitignore'), '*\n');
  return { created, notes };
}

/** migrationFilesIn lists the migration files in a folder, sorted; none when it does not exist. */
async function migrationFilesIn(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  try {
    return (await readdir(folder)).filter(looksLikeMigrationFile).sort();
  } catch {
    // Not a readable folder: writing into it fails below with its own error.
    return [];
  }
}

function configText(services: string[]): string {
  const entries = services.map((service) => `    ${service}: {},`).join('\n');
  return `import { defineConfig } from 'dbward';

export default defineConfig({
  // With no database here and no DATABASE_URL, dbward uses an embedded database in .dbward/.
  services: {
${entries}
  },
  lockTimeout: '5s',
});
`;
}

function firstMigrationText(): string {
  return `-- Initial schema
-- migrate:up

-- migrate:down
`;
}

/**
 * looksLikeMigrationFile is migrations/isMigrationFileName, which config/ cannot import (it sits
 * above migrations/): a name that starts with a digit and ends in `.sql` or `.ts`, not a
 * declaration or a test.
 */
function looksLikeMigrationFile(fileName: string): boolean {
  return /^\d.*\.(?:sql|ts)$/i.test(fileName) && !/\.(?:d|test|spec)\.ts$/.test(fileName);
}
