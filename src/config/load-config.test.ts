import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../test/harness/run-cli.js';
import { DbwardError } from '../errors/dbward-error.js';
import { loadConfig } from './load-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbward-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
  return file;
}

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<DbwardError> {
  const error = await loadConfig({ env: {}, ...options }).catch((e: unknown) => e);
  if (!(error instanceof DbwardError)) throw new Error(`expected a DbwardError, got ${String(error)}`);
  return error;
}

describe('loadConfig', () => {
  it('finds a TypeScript config upwards, imports dbward, and applies the default layout in config order', async () => {
    await write(
      'dbward.config.ts',
      `import { defineConfig } from 'dbward';
const lock: string = '2s';
export default defineConfig({
  services: { auth: {}, leaves: { schema: 'leave_svc', migrations: 'db/leaves' }, audit: { readableBy: '*' } },
  lockTimeout: lock,
  statementTimeout: 60000,
});
`,
    );
    await mkdir(join(dir, 'src', 'deep'), { recursive: true });
    const config = await loadConfig({ cwd: join(dir, 'src', 'deep'), env: {} });
    expect(config.rootDir).toBe(dir);
    expect(config.services.map((s) => [s.name, s.schema])).toEqual([
      ['auth', 'auth'],
      ['leaves', 'leave_svc'],
      ['audit', 'audit'],
    ]);
    expect(config.services[0]?.migrationsDir).toBe(join(dir, 'migrations', 'auth'));
    expect(config.services[1]?.migrationsDir).toBe(join(dir, 'db', 'leaves'));
    expect(config.services[0]?.seedsDir).toBe(join(dir, 'seeds', 'auth'));
    expect(config.services[0]?.sourceDir).toBe(join(dir, 'src', 'services', 'auth'));
    expect(config.services[2]?.readableBy).toBe('*');
    expect(config.lockTimeoutMs).toBe(2000);
    expect(config.statementTimeoutMs).toBe(60000);
    expect(config.database).toEqual({ kind: 'embedded', dataDir: join(dir, '.dbward', 'pgdata') });
  });

  it('loads JSON and .mjs configs, and --config picks one explicitly', async () => {
    await write('dbward.config.json', JSON.stringify({ services: { auth: {} }, lockTimeout: '1m' }));
    expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(60_000);
    const other = await write('conf/other.mjs', `export default { services: { billing: {} } };`);
    const config = await loadConfig({ cwd: dir, configFile: other, env: {} });
    expect(config.services.map((s) => s.name)).toEqual(['billing']);
    expect(config.rootDir).toBe(join(dir, 'conf'));
  });

  it('takes the database URL from --database-url over DATABASE_URL over the config', async () => {
    await write('dbward.config.json', JSON.stringify({ services: { a: {} }, database: 'postgres://cfg/db' }));
    expect((await loadConfig({ cwd: dir, env: {} })).database).toEqual({
      kind: 'url',
      url: 'postgres://cfg/db',
    });
    expect((await loadConfig({ cwd: dir, env: { DATABASE_URL: 'postgres://env/db' } })).database).toEqual({
      kind: 'url',
      url: 'postgres://env/db',
    });
    const config = await loadConfig({
      cwd: dir,
      env: { DATABASE_URL: 'postgres://env/db' },
      databaseUrl: 'postgres://flag/db',
    });
    expect(config.database).toEqual({ kind: 'url', url: 'postgres://flag/db' });
  });

  it('refuses a blank URL given explicitly instead of falling back to the next source', async () => {
    await write('dbward.config.json', JSON.stringify({ services: { a: {} }, database: 'postgres://cfg/db' }));
    for (const databaseUrl of ['', '  ', '\n']) {
      const error = await loadError({ cwd: dir, databaseUrl, env: { DATABASE_URL: 'postgres://env/db' } });
      expect(error.code).toBe('config-invalid');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(
        '--database-url is blank; give a URL such as postgres://user@host:5432/dbname',
      );
    }
    const blankEnv = await loadError({ cwd: dir, env: { DATABASE_URL: '   ' } });
    expect(blankEnv.exitCode).toBe(2);
    expect(blankEnv.message).toBe(
      'DATABASE_URL is blank; give a URL such as postgres://user@host:5432/dbname, or unset it',
    );
    // An empty DATABASE_URL is an unset one, as in a shell.
    expect((await loadConfig({ cwd: dir, env: { DATABASE_URL: '' } })).database).toEqual({
      kind: 'url',
      url: 'postgres://cfg/db',
    });
    await write('dbward.config.json', JSON.stringify({ services: { a: {} }, database: ' ' }));
    const blankConfig = await loadError({ cwd: dir });
    expect(blankConfig.exitCode).toBe(2);
    expect(blankConfig.message).toContain(
      'dbward.config.json:1:22: database: is blank; give a URL such as postgres://user@host:5432/dbname',
    );
  });

  it('says where to start when there is no config', async () => {
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('config-not-found');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('dbward init');
  });

  it('names file, line, column and key path of a bad schema name', async () => {
    await write(
      'dbward.config.ts',
      `export default {\n  services: {\n    auth: {},\n    leaves: { schema: 'Leaves-Svc' },\n  },\n};\n`,
    );
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('config-invalid');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /dbward\.config\.ts:4:15: services\.leaves\.schema: expected a lower-case identifier/,
    );
  });

  it.each([
    ['an unknown key', { services: { a: {} }, databse: 'x' }, /Unrecognized key.*"databse"/i],
    ['no services', { services: {} }, /services: expected at least one service/],
    ['a bad duration', { services: { a: {} }, lockTimeout: '5 seconds' }, /lockTimeout: expected a duration/],
    ['a bad service name', { services: { 'Bad Name': {} } }, /services.*lower-case identifier/],
    [
      'a bad severity',
      { services: { a: {} }, review: { rules: { 'drop-table': 'fatal' } } },
      /review\.rules\.drop-table/,
    ],
    [
      'readableBy an unknown service',
      { services: { a: { readableBy: ['ghost'] } } },
      /services\.a\.readableBy: unknown service "ghost"/,
    ],
    [
      'two services on one schema',
      { services: { a: {}, b: { schema: 'a' } } },
      /services\.b\.schema: schema "a" is already owned/,
    ],
  ])('rejects %s with exit 2', async (_name, config, message) => {
    await write('dbward.config.json', JSON.stringify(config, null, 2));
    const error = await loadError({ cwd: dir });
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('dbward.config.json');
  });

  it.each([
    ['lockTimeout', '  "lockTimeout": 2147483648', 'lock_timeout'],
    ['statementTimeout', '  "statementTimeout": "35792m"', 'statement_timeout'],
  ])('rejects a %s above what PostgreSQL holds at its key, with exit 2', async (key, line, setting) => {
    await write('dbward.config.json', `{\n  "services": { "a": {} },\n${line}\n}\n`);
    const error = await loadError({ cwd: dir });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `dbward.config.json:3:3: ${key}: expected at most 2147483647 ms (about 24.8 days), the largest ${setting} PostgreSQL accepts (0: no timeout)`,
    );
  });

  it('accepts timeouts up to the largest PostgreSQL holds', async () => {
    await write(
      'dbward.config.json',
      JSON.stringify({ services: { a: {} }, lockTimeout: 2147483647, statementTimeout: '2147483s' }),
    );
    const config = await loadConfig({ cwd: dir, env: {} });
    expect([config.lockTimeoutMs, config.statementTimeoutMs]).toEqual([2147483647, 2147483000]);
  });

  it('rejects a schema PostgreSQL refuses (pg_...) at its line and column, with exit 2', async () => {
    await write('dbward.config.json', '{\n  "services": {\n    "a": { "schema": "pg_a" }\n  }\n}\n');
    const written = await loadError({ cwd: dir });
    expect(written.exitCode).toBe(2);
    expect(written.message).toBe(
      'dbward.config.json:3:12: services.a.schema: schema "pg_a": PostgreSQL reserves names starting with pg_ for system schemas and refuses to create one (SQLSTATE 42939)',
    );
    // With no schema written the schema is the service's name: reported at the service.
    await write('dbward.config.json', '{\n  "services": {\n    "pg_stats": {}\n  }\n}\n');
    const byName = await loadError({ cwd: dir });
    expect(byName.exitCode).toBe(2);
    expect(byName.message).toMatch(
      /^dbward\.config\.json:3:5: services\.pg_stats: schema "pg_stats": .*; give the service a schema$/,
    );
  });

  it('refuses a config path that is a directory, missing or not a regular file: exit 2, no stack trace', async () => {
    const explicit = await loadError({ cwd: dir, configFile: dir });
    expect([explicit.code, explicit.exitCode]).toEqual(['config-unreadable', 2]);
    expect(explicit.message).toBe(
      `load config: ${dir} is a directory, not a config file (--config names the file; --cwd runs in a directory)`,
    );
    const cli = await runCliInProcess(['--config', dir, 'status']);
    expect(cli).toEqual({ exitCode: 2, stdout: '', stderr: `error: ${explicit.message}\n` });

    const missing = await loadError({ cwd: dir, configFile: 'nope/dbward.config.ts' });
    expect([missing.code, missing.exitCode, missing.message]).toEqual([
      'config-not-found',
      2,
      `load config: ${join(dir, 'nope/dbward.config.ts')} does not exist`,
    ]);

    // Found by the search upwards, a directory with a config's name is no config either.
    await mkdir(join(dir, 'dbward.config.json'));
    const found = await loadError({ cwd: dir });
    expect(found.message).toBe(
      `load config: ${join(dir, 'dbward.config.json')} is a directory, not a config file`,
    );

    if (process.platform !== 'win32') {
      // Reading a FIFO would wait for a writer forever.
      execFileSync('mkfifo', [join(dir, 'fifo.json')]);
      const fifo = await loadError({ cwd: dir, configFile: 'fifo.json' });
      expect([fifo.exitCode, fifo.message]).toEqual([
        2,
        `load config: ${join(dir, 'fifo.json')} is not a regular file`,
      ]);
    }
  });

  it('reports a JSON syntax error with its line and column', async () => {
    await write('dbward.config.json', '{\n  "services": {\n    "a": {},\n  }\n}\n');
    const error = await loadError({ cwd: dir });
    expect(error.message).toBe('dbward.config.json:4:3: Expected double-quoted property name in JSON');
  });

  it.each([
    // JSON.parse says where for none of these.
    [
      'a misspelt literal',
      '{\n  "services": { "a": {} },\n  "migrations": { "allowOutOfOrder": tru }\n}\n',
      "3:41: Unexpected token ' ' in JSON",
    ],
    [
      'a single-quoted value',
      '{\n  "services": { "a": {} },\n  "lockTimeout": \'5s\'\n}\n',
      "3:18: Unexpected token ''' in JSON",
    ],
    [
      'a literal cut short',
      '{\n  "services": { "a": {} },\n  "migrations": { "allowOutOfOrder": tru\n}\n',
      "3:41: Unexpected token '\\n' in JSON",
    ],
    ['an early end', '{\n  "services": { "a": {} },\n  "lockTimeout":', '3:17: Unexpected end of JSON input'],
    ['an empty file', '', '1:1: Unexpected end of JSON input'],
    // It does for these.
    [
      'a stray bracket',
      '{\n  "services": { "a": {} }\n}\n]\n',
      '4:1: Unexpected non-whitespace character after JSON',
    ],
    [
      'an unclosed object',
      '{\n  "services": { "a": {} }',
      "2:26: Expected ',' or '}' after property value in JSON",
    ],
  ])('places a JSON syntax error on %s, 1-based', async (_name, text, message) => {
    await write('dbward.config.json', text);
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe(`dbward.config.json:${message}`);
  });

  it('loads a JSON config that starts with a byte order mark, and counts columns after it', async () => {
    await write('dbward.config.json', '\uFEFF{ "services": { "a": {} }, "lockTimeout": "2s" }');
    expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(2000);
    await write('dbward.config.json', '\uFEFF{ "services": { "a": {} }, }');
    expect((await loadError({ cwd: dir })).message).toBe(
      'dbward.config.json:1:28: Expected double-quoted property name in JSON',
    );
  });

  it.each([
    [
      'a second value',
      '  lockTimeout: 5 5,',
      '4:18: cannot load: ParseError: Unexpected token, expected ","',
    ],
    [
      'a parenthesis after a value',
      '  lockTimeout: 5 ),',
      '4:18: cannot load: ParseError: Unexpected token, expected ","',
    ],
    ['a parenthesis for a value', '  lockTimeout: ),', '4:16: cannot load: ParseError: Unexpected token'],
  ])('places a TypeScript syntax error on %s, 1-based', async (_name, line, message) => {
    await write(
      'dbward.config.ts',
      `import { defineConfig } from 'dbward';\nexport default defineConfig({\n  services: { auth: {} },\n${line}\n});\n`,
    );
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe(`dbward.config.ts:${message}`);
  });

  it('places a missing comma at the start of the next key, 1-based', async () => {
    await write(
      'dbward.config.ts',
      `import { defineConfig } from 'dbward';
export default defineConfig({
  services: {
    auth: {},
  },
  lockTimeout: '5s'
  statementTimeout: '10s',
});
`,
    );
    expect((await loadError({ cwd: dir })).message).toBe(
      'dbward.config.ts:7:3: cannot load: ParseError: Unexpected token, expected ","',
    );
  });

  it('places a syntax error in a file the config imports in that file, 1-based', async () => {
    await write('lib/timeouts.ts', `export const lock: string = '5s';\nexport const statement = 5 5;\n`);
    await write(
      'dbward.config.ts',
      `import { defineConfig } from 'dbward';\nimport { lock } from './lib/timeouts';\nexport default defineConfig({ services: { auth: {} }, lockTimeout: lock });\n`,
    );
    expect((await loadError({ cwd: dir })).message).toMatch(
      /^lib\/timeouts\.ts:2:27: cannot load: ParseError: Missing semicolon/,
    );
    await mkdir(join(dir, 'src'));
    expect(
      (await loadError({ cwd: join(dir, 'src') })).message.startsWith(
        `${join(dir, 'lib', 'timeouts.ts')}:2:27: `,
      ),
    ).toBe(true);
  });

  it('places two services on one schema at the second service', async () => {
    await write('dbward.config.json', JSON.stringify({ services: { a: {}, b: { schema: 'a' } } }, null, 2));
    expect((await loadError({ cwd: dir })).message).toBe(
      'dbward.config.json:5:7: services.b.schema: schema "a" is already owned by service "a"',
    );
    await rm(join(dir, 'dbward.config.json'));
    await write(
      'dbward.config.ts',
      `export default {\n  services: {\n    users: { schema: 'people' },\n    people: {},\n  },\n};\n`,
    );
    expect((await loadError({ cwd: dir })).message).toBe(
      'dbward.config.ts:4:5: services.people: schema "people" is already owned by service "users" (give it a schema)',
    );
  });

  it('places readableBy naming an unknown service', async () => {
    await write(
      'dbward.config.ts',
      `export default {\n  services: {\n    auth: {},\n    audit: { readableBy: ['auth', 'ghost'] },\n  },\n};\n`,
    );
    expect((await loadError({ cwd: dir })).message).toBe(
      'dbward.config.ts:4:14: services.audit.readableBy: unknown service "ghost"',
    );
  });

  it('caches the TypeScript transform in .dbward/cache and still sees every edit', async () => {
    const config = (lockTimeout: string) =>
      `import { defineConfig } from 'dbward';\nexport default defineConfig({ services: { a: {} }, lockTimeout: '${lockTimeout}' });\n`;
    await write('dbward.config.ts', config('2s'));
    expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(2000);
    const cached = await readdir(join(dir, '.dbward', 'cache', 'jiti'));
    expect(cached.filter((name) => name.includes('dbward.config'))).toHaveLength(1);
    expect(await readFile(join(dir, '.dbward', 'cache', '.gitignore'), 'utf8')).toBe('*\n');

    await write('dbward.config.ts', config('3s'));
    expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(3000);

    await write('dbward.config.ts', `export default {\n  services: { a: {} },\n  oops: ,\n};\n`);
    expect((await loadError({ cwd: dir })).message).toMatch(
      /^dbward\.config\.ts:3:9: cannot load: ParseError/,
    );
  });

  it('gives a config that imports more than defineConfig from dbward the whole library', async () => {
    await write(
      'dbward.config.ts',
      `import { CONFIG_FILE_NAMES, defineConfig } from 'dbward';\nexport default defineConfig({ services: { a: {} }, lockTimeout: CONFIG_FILE_NAMES.length * 1000 });\n`,
    );
    expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(5000);
  });

  it('caches the transform in $DBWARD_CACHE_DIR when the project cannot hold .dbward/cache', async () => {
    await write('dbward.config.ts', `export default { services: { a: {} }, lockTimeout: '6s' };\n`);
    await write('.dbward', 'a file where the cache directory would go');
    const cacheDir = join(dir, 'elsewhere');
    const saved = process.env.DBWARD_CACHE_DIR;
    process.env.DBWARD_CACHE_DIR = cacheDir;
    try {
      expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(6000);
    } finally {
      if (saved === undefined) delete process.env.DBWARD_CACHE_DIR;
      else process.env.DBWARD_CACHE_DIR = saved;
    }
    expect(
      (await readdir(join(cacheDir, 'jiti'))).filter((name) => name.includes('dbward.config')),
    ).toHaveLength(1);
  });

  it('imports a plain .mjs config natively, sees an edit, and places its syntax errors', async () => {
    await write('dbward.config.mjs', `export default { services: { a: {} }, lockTimeout: '2s' };\n`);
    expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(2000);
    await write('dbward.config.mjs', `export default { services: { a: {} }, lockTimeout: '5s' };\n`);
    expect((await loadConfig({ cwd: dir, env: {} })).lockTimeoutMs).toBe(5000);
    // Natively imported: jiti's transform cache is not involved.
    expect(existsSync(join(dir, '.dbward'))).toBe(false);

    await write('dbward.config.mjs', `export default {\n  services: { a: {} },\n  oops: ,\n};\n`);
    expect((await loadError({ cwd: dir })).message).toMatch(/^dbward\.config\.mjs:3:9: cannot load: /);
  });

  it('reports a config that throws, naming the file', async () => {
    await write('dbward.config.mjs', `throw new Error('no config for you');\n`);
    expect((await loadError({ cwd: dir })).message).toBe('dbward.config.mjs: cannot load: no config for you');
  });

  it('reports a TypeScript config that fails to load without a stack', async () => {
    await write('dbward.config.ts', `export default {\n  services: { a: {} },\n  oops: ,\n};\n`);
    const error = await loadError({ cwd: dir });
    expect(error.code).toBe('config-invalid');
    expect(error.message).toMatch(/^dbward\.config\.ts:3:9: cannot load: ParseError/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
