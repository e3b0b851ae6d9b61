import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { DbwardError } from '../errors/dbward-error.js';
import { isMigrationFileName } from './discover-migrations.js';
import { parseMigrationFileName } from './migration-file-name.js';
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
 * keeps the width of the highest one's (`0009` -> `0010`), at least four digits.
 */
export function nextMigrationId(fileNames: readonly string[]): { id: number; idText: string } {
  let highest: { id: number; idText: string } | null = null;
  for (const fileName of fileNames) {
    if (!isMigrationFileName(fileName)) continue;
    const parsed = parseMigrationFileName(fileName);
    if (highest === null || parsed.id > highest.id) highest = { id: parsed.id, idText: parsed.idText };
  }
  const id = (highest?.id ?? 0) + 1;
  return { id, idText: String(id).padStart(highest?.idText.length ?? DEFAULT_WIDTH, '0') };
}

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
  const slug = migrationSlug(description);
  if (slug === '') {
    throw new DbwardError(
      'bad-usage',
      `new migration for ${service.name}: the name "${description}" has no letters or digits to name a file`,
      { exitCode: 2 },
    );
  }
  await mkdir(service.migrationsDir, { recursive: true });
  const { id, idText } = nextMigrationId(await readdir(service.migrationsDir));
  const format = options.format ?? 'sql';
  const absolutePath = path.join(service.migrationsDir, `${idText}_${slug}.${format}`);
  const relativePath = path.relative(config.rootDir, absolutePath).split(path.sep).join('/');
  try {
    await writeFile(absolutePath, format === 'ts' ? tsTemplate(description) : sqlTemplate(description), {
      flag: 'wx',
    });
  } catch (cause) {
    throw new DbwardError(
      'migration-file-exists',
      `new migration for ${service.name}: cannot create ${relativePath}`,
      {
        cause,
      },
    );
  }
  return { service: service.name, id, path: relativePath, absolutePath };
}
