import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type TestDatabase, testBackends } from '../harness/backends.js';
import { runCliInProcess } from '../harness/run-cli.js';

const KRONOS = fileURLToPath(new URL('../../examples/kronos', import.meta.url));
const CONFIG_ORDER = ['auth', 'config', 'leaves', 'expenses', 'notifications', 'calendar', 'audit'];

for (const backend of testBackends()) {
  describe(`${backend.name}: the kronos example estate, end to end`, () => {
    let database: TestDatabase;
    let dir: string;
    let env: Record<string, string>;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', dir, ...args], env);

    beforeAll(async () => {
      database = await backend.createDatabase();
      dir = await mkdtemp(join(tmpdir(), 'dbward-kronos-'));
      await cp(KRONOS, dir, { recursive: true });
      await rm(join(dir, '.dbward'), { recursive: true, force: true });
      // The example's config, loaded once and written as JSON: a .ts config is loaded through jiti
      // on every CLI run, which costs seconds per command on a busy machine.
      const example = await loadConfig({ cwd: dir, env: {} });
      const services = Object.fromEntries(
        example.services.map((service) => [
          service.name,
          { schema: service.schema, readableBy: service.readableBy },
        ]),
      );
      await rm(join(dir, 'dbward.config.ts'));
      await writeFile(
        join(dir, 'dbward.config.json'),
        JSON.stringify({ services, lockTimeout: example.lockTimeoutMs }),
      );
      // The example's own config: a server through DATABASE_URL, else its embedded database.
      env = database.url === null ? {} : { DATABASE_URL: database.url };
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
      await database.drop();
    });

    it('applies every service in config order, including the no-transaction CONCURRENTLY files', async () => {
      const up = await cli('up');
      expect(up.stderr).toBe('');
      expect(up.exitCode).toBe(0);
      const files = up.stdout.split('\n').filter((line) => line.startsWith('applied     '));
      const services = files.map((line) => /migrations\/(\w+)\//.exec(line)?.[1]);
      expect([...new Set(services)]).toEqual(CONFIG_ORDER);
      expect(files.some((line) => line.includes('leaves/0003_index_leave_requests_status.sql'))).toBe(true);

      const status = JSON.parse((await cli('--format', 'json', 'status')).stdout);
      expect(status.ok).toBe(true);
      expect(status.services.every((service: { pending: unknown[] }) => service.pending.length === 0)).toBe(
        true,
      );
      expect((await cli('verify')).exitCode).toBe(0);
    });

    it('rolls every service back to empty and applies it all again', async () => {
      for (const service of [...CONFIG_ORDER].reverse()) {
        const down = await cli('down', service, '--to', '0');
        expect({ service, exitCode: down.exitCode, stderr: down.stderr }).toEqual({
          service,
          exitCode: 0,
          stderr: '',
        });
      }
      const status = JSON.parse((await cli('--format', 'json', 'status')).stdout);
      expect(status.services.map((service: { applied: number }) => service.applied)).toEqual(
        CONFIG_ORDER.map(() => 0),
      );
      const again = await cli('up');
      expect(again.exitCode).toBe(0);
      expect((await cli('verify')).exitCode).toBe(0);
    });
  });
}
