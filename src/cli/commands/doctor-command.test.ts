import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../test/harness/run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbward-doctor-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dbward doctor', () => {
  it('connects to the embedded database with no server configured', async () => {
    await writeFile(join(dir, 'dbward.config.json'), JSON.stringify({ services: { auth: {}, leaves: {} } }));
    const run = await runCliInProcess(['--cwd', dir, '--format', 'json', 'doctor']);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.connected).toBe(true);
    expect(report.serverVersion).toMatch(/^\d+/);
    expect(report.services.map((s: { name: string }) => s.name)).toEqual(['auth', 'leaves']);
    expect(report.database).toContain('.dbward/pgdata');
  });

  it('exits 2 with the redacted URL when the server cannot be reached', async () => {
    await writeFile(join(dir, 'dbward.config.json'), JSON.stringify({ services: { auth: {} } }));
    const run = await runCliInProcess([
      '--cwd',
      dir,
      'doctor',
      '--database-url',
      'postgres://app:topsecret@127.0.0.1:1/kronos',
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('postgres://app:***@127.0.0.1:1/kronos');
    expect(run.stdout + run.stderr).not.toContain('topsecret');
  });

  it('exits 2 on a bad config and names the key', async () => {
    await writeFile(
      join(dir, 'dbward.config.json'),
      JSON.stringify({ services: { auth: { schema: 'AUTH' } } }),
    );
    const run = await runCliInProcess(['--cwd', dir, 'doctor']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('services.auth.schema: expected a lower-case identifier');
  });
});
