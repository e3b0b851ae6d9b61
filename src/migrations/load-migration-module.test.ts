import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbwardError } from '../errors/dbward-error.js';
import { loadMigrationModule, tryLoadMigrationModule } from './load-migration-module.js';

describe('tryLoadMigrationModule', () => {
  let root: string;
  const write = async (fileName: string, text: string) => {
    await writeFile(join(root, 'migrations/auth', fileName), text);
    return join(root, 'migrations/auth', fileName);
  };
  const load = async (fileName: string, text: string) =>
    tryLoadMigrationModule(await write(fileName, text), `migrations/auth/${fileName}`);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dbward-ts-load-'));
    await mkdir(join(root, 'migrations/auth'), { recursive: true });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('loads up and down, named or from a default export', async () => {
    const named = await load('0001_a.ts', 'export async function up(db) {}\nexport function down(db) {}\n');
    expect(named.ok && typeof named.module.up === 'function' && typeof named.module.down).toBe('function');
    const fromDefault = await load('0002_b.ts', 'export default { up(db) {} };\n');
    expect(fromDefault.ok && fromDefault.module.down).toBe(undefined);
  });

  it('puts a syntax error at its 1-based line and column (jiti gives a 0-based column)', async () => {
    // `=` is the 12th character of line 3.
    const result = await load('0003_c.ts', '// c\nexport async function up(db) {\n  const x: = 3;\n}\n');
    expect(result).toEqual({
      ok: false,
      problem: { line: 3, column: 12, message: 'cannot load: ParseError: Unexpected token' },
    });
  });

  it('names an imported file that does not compile, with its position', async () => {
    await write('helper.ts', 'export const h = (;\n');
    const result = await load(
      '0004_d.ts',
      "import { h } from './helper';\nexport async function up(db) { h; }\nconsole.log(h);\n",
    );
    expect(result).toEqual({
      ok: false,
      problem: {
        line: 1,
        column: 1,
        message: 'cannot load: ParseError in migrations/auth/helper.ts:1:19: Unexpected token',
      },
    });
  });

  it('points at the import of a module that cannot be found', async () => {
    const result = await load(
      '0005_e.ts',
      "// e\nimport { z } from './nowhere';\nexport async function up(db) { z; }\nconsole.log(z);\n",
    );
    expect(result.ok === false && result.problem).toMatchObject({ line: 2, column: 19 });
    expect(result.ok === false && result.problem.message).toMatch(
      /^cannot load: Cannot find module '\.\/nowhere'$/,
    );
  });

  it('points at the line of top-level code that throws', async () => {
    const result = await load(
      '0006_f.ts',
      'interface A {\n  a: number;\n}\nconst v: A = { a: 1 };\n  throw new Error("boom " + v.a);\nexport async function up(db) {}\n',
    );
    expect(result).toEqual({ ok: false, problem: { line: 5, column: 3, message: 'cannot load: boom 1' } });
  });

  it('refuses a module without a function up, and loadMigrationModule throws it with file:line:column', async () => {
    expect(await load('0007_g.ts', 'export const up = 3;\n')).toEqual({
      ok: false,
      problem: { line: 1, column: 1, message: 'a TypeScript migration must export a function up(db)' },
    });
    const thrown = await loadMigrationModule(
      join(root, 'migrations/auth/0003_c.ts'),
      'migrations/auth/0003_c.ts',
      'roll back',
    ).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(DbwardError);
    expect((thrown as DbwardError).message).toBe(
      'roll back migrations/auth/0003_c.ts:3:12: cannot load: ParseError: Unexpected token',
    );
    expect((thrown as DbwardError).position).toEqual({
      file: 'migrations/auth/0003_c.ts',
      line: 3,
      column: 12,
    });
  });
});
