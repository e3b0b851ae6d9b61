import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_SERVICES } from '../migrations/bench-services.mjs';
import { generateMigrations } from '../migrations/generate-migrations.mjs';
import { fileNameOf } from '../migrations/write-migration-files.mjs';

const q = pg.escapeIdentifier;

/**
 * Statements a reviewer must catch, appended to every INJECT_EVERY-th migration. Each one leaves
 * the schema valid for every later migration (no renames, no dropped columns that a later
 * migration still uses), so the replay behind the review runs the whole corpus.
 */
const DANGEROUS = [
  { up: (t) => `UPDATE ${q(t)} SET ${q('name')} = ${q('name')};`, down: null },
  {
    up: (t) => `ALTER TABLE ${q(t)} ALTER COLUMN ${q('name')} TYPE varchar(200);`,
    down: (t) => `ALTER TABLE ${q(t)} ALTER COLUMN ${q('name')} TYPE text;`,
  },
  {
    up: (t) =>
      `ALTER TABLE ${q(t)} ADD COLUMN ${q('legacy_ref')} integer;\nALTER TABLE ${q(t)} DROP COLUMN ${q('legacy_ref')};`,
    down: null,
  },
  { up: (t) => `DELETE FROM ${q(t)};`, down: null },
  {
    up: (t) => `ALTER TABLE ${q(t)} ADD COLUMN ${q('token')} uuid DEFAULT gen_random_uuid();`,
    down: (t) => `ALTER TABLE ${q(t)} DROP COLUMN ${q('token')};`,
    once: true,
  },
  {
    up: (t) =>
      `CREATE TABLE ${q(`${t}_archive`)} (id integer PRIMARY KEY, moved_at timestamp);\nDROP TABLE ${q(`${t}_archive`)};`,
    down: null,
  },
  { up: (t) => `TRUNCATE ${q(t)};`, down: null },
];
const INJECT_EVERY = 9;

/** A migration's last table created so far (the injections act on an existing table). */
function lastTableOf(migrations, index) {
  for (let i = index - 1; i >= 0; i--) {
    const m = migrations[i];
    if (m.service === migrations[index].service && m.name.startsWith('create_'))
      return m.name.slice('create_'.length);
  }
  return null;
}

/**
 * generateReviewCorpus writes `count` migration files (dbmate format, up and down) over the seven
 * services into `dir`, with a dbward config: the migration benchmark's realistic small DDL
 * (creates, columns, indexes on existing tables, checks, comments), plus a dangerous statement
 * in every ninth file. Deterministic. Returns the files in order.
 */
export async function generateReviewCorpus(dir, count) {
  const migrations = generateMigrations(count);
  const injectedTokens = new Set();
  const files = [];
  for (const service of BENCH_SERVICES) await mkdir(join(dir, 'migrations', service), { recursive: true });
  for (const [index, m] of migrations.entries()) {
    let up = m.up;
    let down = m.down;
    const table = lastTableOf(migrations, index);
    if (index % INJECT_EVERY === INJECT_EVERY - 1 && table !== null) {
      const danger = DANGEROUS[Math.floor(index / INJECT_EVERY) % DANGEROUS.length];
      const key = `${m.service}.${table}`;
      // A column can be added once per table.
      if (!danger.once || !injectedTokens.has(key)) {
        if (danger.once) injectedTokens.add(key);
        up = `${up}\n${danger.up(table)}`;
        if (danger.down) down = `${danger.down(table)}\n${down}`;
      }
    }
    const path = join(dir, 'migrations', m.service, fileNameOf(m));
    await writeFile(path, `-- ${m.description}\n-- migrate:up\n${up}\n\n-- migrate:down\n${down}\n`);
    files.push({ service: m.service, path });
  }
  const services = Object.fromEntries(BENCH_SERVICES.map((s) => [s, {}]));
  await writeFile(join(dir, 'dbward.config.json'), `${JSON.stringify({ services }, null, 2)}\n`);
  return files;
}
