import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
