import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { ResolvedConfig } from '../../src/config/resolved-config.js';
import type { Db } from '../../src/db/db.js';
import type { TestBackend, TestDatabase } from '../harness/backends.js';

/** A throw-away dbward project on disk pointing at one test database. */
export interface MigrationProject {
  dir: string;
  /** writeMigration writes `migrations/<service>/<fileName>`. */
  writeMigration(service: string, fileName: string, text: string): Promise<string>;
  removeMigration(service: string, fileName: string): Promise<void>;
  config(): Promise<ResolvedConfig>;
  /** Extra config keys merged into dbward.config.json (e.g. lockTimeout). */
  writeConfig(extra?: Record<string, unknown>): Promise<void>;
  remove(): Promise<void>;
}

/**
 * createMigrationProject makes a project with the given services (config order as listed) whose
 * database is `database`: a URL for servers, the embedded data directory for PGlite.
 */
export async function createMigrationProject(
  database: TestDatabase,
  services: string[],
  extra: Record<string, unknown> = {},
): Promise<MigrationProject> {
  const dir = await mkdtemp(join(tmpdir(), 'dbward-migrations-'));
  const writeConfig = async (more: Record<string, unknown> = {}) => {
    const target =
      database.target.kind === 'url'
        ? { database: database.target.url }
        : { embeddedDataDir: database.target.dataDir };
    const config = {
      ...target,
      services: Object.fromEntries(services.map((name) => [name, {}])),
      ...extra,
      ...more,
    };
    await writeFile(join(dir, 'dbward.config.json'), JSON.stringify(config, null, 2));
  };
  await writeConfig();
  return {
    dir,
    async writeMigration(service, fileName, text) {
      await mkdir(join(dir, 'migrations', service), { recursive: true });
      const path = join(dir, 'migrations', service, fileName);
      await writeFile(path, text);
      return path;
    },
    async removeMigration(service, fileName) {
      await unlink(join(dir, 'migrations', service, fileName));
    },
    config: () => loadConfig({ cwd: dir, env: {} }),
    writeConfig,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** sqlMigration is a migration file's text with both sections. */
export function sqlMigration(up: string, down: string, header = ''): string {
  return `${header}-- migrate:up\n${up}\n\n-- migrate:down\n${down}\n`;
}

/** createTableMigration creates `table` (default one `id int` column) and drops it on the way down. */
export function createTableMigration(table: string, columns = 'id int'): string {
  return sqlMigration(`CREATE TABLE ${table} (${columns});`, `DROP TABLE ${table};`);
}

/** relationExists: `name` (schema-qualified) names a table, index, view or sequence. */
export async function relationExists(db: Db, name: string): Promise<boolean> {
  const result = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    name,
  ]);
  return result.rows[0]?.present === true;
}

export interface MigrationProjectFixture {
  readonly project: MigrationProject;
  readonly db: Db;
  readonly database: TestDatabase;
}

/**
 * useMigrationProject registers the hooks most engine tests start with: a fresh database on
 * `backend`, a project with `services` on it, `setup` (the migrations every test needs) and an
 * open connection; removed afterwards. `scope: 'each'` (default) gives every test its own.
 */
export function useMigrationProject(
  backend: TestBackend,
  services: string[],
  options: {
    scope?: 'each' | 'all';
    extra?: Record<string, unknown>;
    setup?: (project: MigrationProject) => Promise<void>;
  } = {},
): MigrationProjectFixture {
  let current: { project: MigrationProject; db: Db; database: TestDatabase } | null = null;
  const open = async () => {
    const database = await backend.createDatabase();
    const project = await createMigrationProject(database, services, options.extra);
    await options.setup?.(project);
    current = { project, db: await database.open(), database };
  };
  const close = async () => {
    const closing = current;
    current = null;
    await closing?.db.close();
    await closing?.project.remove();
    await closing?.database.drop();
  };
  if (options.scope === 'all') {
    beforeAll(open);
    afterAll(close);
  } else {
    beforeEach(open);
    afterEach(close);
  }
  const get = () => current ?? fail('the migration project is only there inside a test');
  return {
    get project() {
      return get().project;
    },
    get db() {
      return get().db;
    },
    get database() {
      return get().database;
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}
