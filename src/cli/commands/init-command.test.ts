import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../test/harness/run-cli.js';
import { loadConfig } from '../../config/load-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbward-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dbward init', () => {
  it('scaffolds a config that loads, with folders per service', async () => {
    const run = await runCliInProcess(['init', dir, '--service', 'auth', 'leaves']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('migrations/auth/0001_initial.sql');
    expect(existsSync(join(dir, 'migrations', 'leaves', '0001_initial.sql'))).toBe(true);
    expect(existsSync(join(dir, 'seeds', 'auth'))).toBe(true);
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.services.map((s) => s.name)).toEqual(['auth', 'leaves']);
  });

  it('refuses to overwrite an existing project and changes nothing', async () => {
    await writeFile(join(dir, 'dbward.config.ts'), 'export default { services: { mine: {} } };\n');
    const run = await runCliInProcess(['init', dir]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('already exists');
    expect(await readFile(join(dir, 'dbward.config.ts'), 'utf8')).toContain('mine');
    expect(existsSync(join(dir, 'migrations'))).toBe(false);
  });

  it('rejects a service name that is not an identifier with exit 2', async () => {
    const run = await runCliInProcess(['init', dir, '--service', 'Bad-Name']);
    expect(run.exitCode).toBe(2);
    expect(existsSync(join(dir, 'dbward.config.ts'))).toBe(false);
  });

  it('rejects a service name starting with pg_ (its schema would be refused) with exit 2', async () => {
    const run = await runCliInProcess(['init', dir, '--service', 'pg_stats']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('service name "pg_stats" starts with pg_');
    expect(existsSync(join(dir, 'dbward.config.ts'))).toBe(false);
  });
});

describe('dbward init in a folder that already has migrations', () => {
  it('writes no starter migration into a service folder that holds migration files, and says so', async () => {
    await mkdir(join(dir, 'migrations', 'auth'), { recursive: true });
    await writeFile(join(dir, 'migrations', 'auth', '0001_existing.sql'), '-- migrate:up\nSELECT 1;\n');
    // Not a migration file: the folder still gets its starter.
    await mkdir(join(dir, 'migrations', 'leaves'), { recursive: true });
    await writeFile(join(dir, 'migrations', 'leaves', 'README.md'), 'notes\n');
    const run = await runCliInProcess(['init', dir, '--service', 'auth', 'leaves']);
    expect(run.exitCode).toBe(0);
    expect((await readdir(join(dir, 'migrations', 'auth'))).sort()).toEqual(['0001_existing.sql']);
    expect(existsSync(join(dir, 'migrations', 'leaves', '0001_initial.sql'))).toBe(true);
    expect(run.stdout).not.toContain('migrations/auth/0001_initial.sql');
    expect(run.stdout).toContain(
      'no starter migration for auth: migrations/auth already holds migration files (0001_existing.sql)',
    );
    expect(existsSync(join(dir, 'seeds', 'auth', '.gitkeep'))).toBe(true);
    const verify = await runCliInProcess(['--cwd', dir, 'verify']);
    expect(verify.stdout + verify.stderr).not.toContain('duplicate-id');
    expect(verify.exitCode).toBe(0);
  });

  it('lists the skipped starter in JSON', async () => {
    await mkdir(join(dir, 'migrations', 'auth'), { recursive: true });
    await writeFile(join(dir, 'migrations', 'auth', '0001_initial.sql'), '-- migrate:up\nSELECT 1;\n');
    const run = await runCliInProcess(['--format', 'json', 'init', dir, '--service', 'auth']);
    expect(run.exitCode).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.created).toEqual(['dbward.config.ts', 'seeds/auth/.gitkeep', 'src/services/auth/.gitkeep']);
    expect(out.notes).toEqual([
      'no starter migration for auth: migrations/auth already holds migration files (0001_initial.sql)',
    ]);
    expect(await readFile(join(dir, 'migrations', 'auth', '0001_initial.sql'), 'utf8')).toContain(
      'SELECT 1;',
    );
  });

  it('names a service given twice once', async () => {
    const run = await runCliInProcess(['init', dir, '--service', 'auth', '--service', 'auth']);
    expect(run.exitCode).toBe(0);
    const text = await readFile(join(dir, 'dbward.config.ts'), 'utf8');
    expect(text.match(/auth: \{\}/g)).toEqual(['auth: {}']);
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.services.map((s) => s.name)).toEqual(['auth']);
  });
});

describe('dbward CLI usage', () => {
  it('prints help with exit 0 and rejects an unknown option with exit 2', async () => {
    const help = await runCliInProcess(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('doctor');
    const bad = await runCliInProcess(['doctor', '--no-such-flag']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('unknown option');
  });
});
