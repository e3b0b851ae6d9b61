import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { DbwardError } from '../errors/dbward-error.js';
import { isMigrationFileName } from './discover-migrations.js';
import { readsAsSqlDescription } from './migration-description.js';
import { MAX_MIGRATION_ID, parseMigrationFileName } from './migration-file-name.js';
import { findService } from './select-services.js';

export interface CreateMigrationOptions {
  format?: 'sql' | 'ts';
}

export interface CreatedMigration {
  service: string;
  id: number;
  /** Relative to the project root, with `/`. */
  path: string;
  absolutePath: string;
}

const DEFAULT_WIDTH = 4;

/** migrationSlug turns `Add users table` into `add_users_table`. */
export function migrationSlug(description: string): string {
  return description
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * nextMigrationId is 1 for an empty directory, else one more than the highest id; the prefix
 * keeps the width of the highest one's (`0009` -> `0010`), at least four digits. `after` is the
 * file with the highest id (null for none). The id may be past MAX_MIGRATION_ID when the highest
 * one is at it: createMigrationFile refuses that.
 */
export function nextMigrationId(fileNames: readonly string[]): {
  id: number;
  idText: string;
  after: string | null;
} {
  let highest: { id: number; idText: string; fileName: string } | null = null;
  for (const fileName of fileNames) {
    if (!isMigrationFileName(fileName)) continue;
    const parsed = parseMigrationFileName(fileName);
    if (highest === null || parsed.id > highest.id)
      highest = { id: parsed.id, idText: parsed.idText, fileName };
  }
  const id = (highest?.id ?? 0) + 1;
  return {
    id,
    idText: String(id).padStart(highest?.idText.length ?? DEFAULT_WIDTH, '0'),
    after: highest?.fileName ?? null,
  };
}

/** The longest file name (in bytes) that common file systems (ext4, APFS, NTFS) accept. */
const MAX_FILE_NAME_BYTES = 255;

function sqlTemplate(description: string): string {
  return `-- ${description}\n-- migrate:up\n\n\n-- migrate:down\n\n`;
}

function tsTemplate(description: string): string {
  return `// ${description}
import type { DbSession } from 'dbward';

export async function up(db: DbSession): Promise<void> {
  await db.query('SELECT 1');
}

export async function down(db: DbSession): Promise<void> {
  await db.query('SELECT 1');
}
`;
}

/**
 * createMigrationFile writes the service's next migration file with an up and a down section
 * (or `up`/`down` functions for TypeScript). It never overwrites a file.
 */
export async function createMigrationFile(
  config: ResolvedConfig,
  serviceName: string,
  description: string,
  options: CreateMigrationOptions = {},
): Promise<CreatedMigration> {
  const service = findService(config, serviceName, 'new migration');
  const action = `new migration for ${service.name}`;
  const slug = migrationSlug(description);
  if (slug === '') {
    // Letters or digits outside ASCII (日本語, ٣) are dropped from the file name.
    const why = /[\p{L}\p{N}]/u.test(description)
      ? 'has no ASCII letters or digits (a-z, 0-9), which the file name is made of'
      : 'has no letters or digits to name a file';
    throw new DbwardError('bad-usage', `${action}: the name "${description}" ${why}`, { exitCode: 2 });
  }
  const format = options.format ?? 'sql';
  // The description is one comment line: a line break in it would put text outside the comment.
  const header = description.replace(/\s+/g, ' ').trim();
  if (format === 'sql' && !readsAsSqlDescription(header)) {
    const prefix = /^(dbward|migrate):/.exec(header)?.[0] ?? '';
    throw new DbwardError(
      'bad-usage',
      `${action}: the name "${header}" starts with "${prefix}", which dbward reserves for ${prefix === 'migrate:' ? 'section markers (-- migrate:up)' : 'directives (-- dbward:no-transaction)'}: its comment line would not be a description; reword it`,
      { exitCode: 2 },
    );
  }
  const relative = (absolute: string) => path.relative(config.rootDir, absolute).split(path.sep).join('/');
  let fileNames: string[];
  try {
    await mkdir(service.migrationsDir, { recursive: true });
    fileNames = await readdir(service.migrationsDir);
  } catch (cause) {
    throw new DbwardError(
      'migrations-dir-unusable',
      `${action}: cannot use ${relative(service.migrationsDir)} as the migrations folder: ${fileSystemReason(cause, true)}`,
      { cause },
    );
  }
  const { id, idText, after } = nextMigrationId(fileNames);
  if (id > MAX_MIGRATION_ID) {
    throw new DbwardError(
      'migration-id-overflow',
      `${action}: after ${after} the next id would be ${idText}, past the largest id dbward accepts (${MAX_MIGRATION_ID}, 15 digits); renumber the migrations with smaller ids first`,
      { exitCode: 2 },
    );
  }
  const fileName = `${idText}_${slug}.${format}`;
  const bytes = Buffer.byteLength(fileName);
  if (bytes > MAX_FILE_NAME_BYTES) {
    throw new DbwardError(
      'bad-usage',
      `${action}: the file name would be ${bytes} bytes long (${fileName.slice(0, 25)}...); file systems allow ${MAX_FILE_NAME_BYTES}, use a shorter name`,
      { exitCode: 2 },
    );
  }
  const absolutePath = path.join(service.migrationsDir, fileName);
  const relativePath = relative(absolutePath);
  try {
    await writeFile(absolutePath, format === 'ts' ? tsTemplate(header) : sqlTemplate(header), { flag: 'wx' });
  } catch (cause) {
    throw new DbwardError(
      'migration-file-exists',
      `${action}: cannot create ${relativePath}: ${fileSystemReason(cause, false)}`,
      { cause },
    );
  }
  return { service: service.name, id, path: relativePath, absolutePath };
}

/** fileSystemReason says in words why a file system call failed (its message names a code and a path). */
function fileSystemReason(cause: unknown, folder: boolean): string {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  switch (code) {
    case 'EEXIST':
      // mkdir -p fails so only when something other than a folder is there.
      return folder ? 'it is a file, not a folder' : 'it already exists';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}
