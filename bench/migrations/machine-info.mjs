import { cpus, totalmem } from 'node:os';
import { withClient } from './bench-database.mjs';

/** machineInfo names what the numbers were measured on: cores, memory, Node, and the server. */
export async function machineInfo(url) {
  const server = await withClient(url, async (c) => {
    const settings = await c.query(
      `SELECT name, setting FROM pg_settings
       WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_level')
       ORDER BY name`,
    );
    return Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]));
  });
  const cores = cpus();
  return {
    cores: cores.length,
    cpu: cores[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: server.server_version,
    settings: server,
  };
}
