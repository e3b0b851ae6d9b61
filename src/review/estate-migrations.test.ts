import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load-config.js';
import { discoverMigrations } from '../migrations/discover-migrations.js';
import { discoverEstateMigrations } from './estate-migrations.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbward-estate-'));
  for (const [service, name] of [
    ['auth', '0001_users.sql'],
    ['auth', '0002_roles.sql'],
    ['leaves', '0001_requests.sql'],
  ] as const) {
    await mkdir(join(dir, 'migrations', service), { recursive: true });
    await writeFile(
      join(dir, 'migrations', service, name),
      '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n',
    );
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('discoverEstateMigrations', () => {
  it('orders by id, then config order, and reuses files the caller already parsed', async () => {
    const config = resolveConfig({ services: { auth: {}, leaves: {} } }, join(dir, 'dbward.config.json'), {
      env: {},
    });
    const authFiles = await discoverMigrations(config.services[0]!, dir);
    const estate = await discoverEstateMigrations(config, new Map([['auth', authFiles]]));
    expect(estate.map((m) => m.file.path)).toEqual([
      'migrations/auth/0001_users.sql',
      'migrations/leaves/0001_requests.sql',
      'migrations/auth/0002_roles.sql',
    ]);
    // The same objects, not a second parse of the same files.
    expect(estate[0]?.file).toBe(authFiles[0]);
    expect(estate[2]?.file).toBe(authFiles[1]);
  });
});
