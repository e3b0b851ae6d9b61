import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_SERVICES } from './bench-services.mjs';

/** fileNameOf is `0007_add_users_status.sql`: the id both dbward and dbmate read from the prefix. */
export function fileNameOf(migration) {
  return `${String(migration.id).padStart(4, '0')}_${migration.name}.sql`;
}

/**
 * writeMigrationFiles writes the same logical migrations in every tool's format under `dir`:
 * `dbward/` (config + `migrations/<service>/`, also read by dbmate: the format is the same),
 * `node-pg-migrate/<service>/`, and `floor/up.sql` + `floor/down.sql` for `psql -1 -f`.
 */
export async function writeMigrationFiles(dir, migrations) {
  const dbwardDir = join(dir, 'dbward');
  const npmDir = join(dir, 'node-pg-migrate');
  const floorDir = join(dir, 'floor');
  for (const service of BENCH_SERVICES) {
    await mkdir(join(dbwardDir, 'migrations', service), { recursive: true });
    await mkdir(join(npmDir, service), { recursive: true });
  }
  await mkdir(floorDir, { recursive: true });
  const services = Object.fromEntries(BENCH_SERVICES.map((s) => [s, {}]));
  await writeFile(join(dbwardDir, 'dbward.config.json'), `${JSON.stringify({ services }, null, 2)}\n`);
  for (const m of migrations) {
    const name = fileNameOf(m);
    // Acknowledgements are comments: dbmate reads the same file and ignores them.
    const allows = (m.acknowledge ?? [])
      .map((a) => `-- dbward:allow ${a.rule} reason="${a.reason}"\n`)
      .join('');
    const dbmateStyle = `-- ${m.description}\n-- migrate:up\n${allows}${m.up}\n\n-- migrate:down\n${m.down}\n`;
    await writeFile(join(dbwardDir, 'migrations', m.service, name), dbmateStyle);
    await writeFile(
      join(npmDir, m.service, name),
      `-- Up Migration\n${m.up}\n\n-- Down Migration\n${m.down}\n`,
    );
  }
  await writeFile(join(floorDir, 'up.sql'), floorScript(migrations, 'up'));
  await writeFile(join(floorDir, 'down.sql'), floorScript([...migrations].reverse(), 'down'));
  return {
    dbwardDir,
    dbmateDirs: (service) => join(dbwardDir, 'migrations', service),
    npmDirs: (service) => join(npmDir, service),
    floorUp: join(floorDir, 'up.sql'),
    floorDown: join(floorDir, 'down.sql'),
  };
}

/**
 * floorScript concatenates one direction of every migration, switching `search_path` where
 * the service changes: the least work any tool can do (the schemas are created up front, as
 * every tool creates them too).
 */
function floorScript(migrations, direction) {
  const lines = [];
  if (direction === 'up') {
    for (const s of BENCH_SERVICES) lines.push(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(s)};`);
  }
  let current = null;
  for (const m of migrations) {
    if (m.service !== current) {
      current = m.service;
      lines.push(`SET search_path TO ${pg.escapeIdentifier(current)};`);
    }
    lines.push(m[direction]);
  }
  return `${lines.join('\n')}\n`;
}
