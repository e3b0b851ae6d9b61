import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { closedPort } from '../../test/harness/closed-port.js';
import { isDbwardError } from '../errors/dbward-error.js';
import { completedStatementsBefore } from './completed-statements.js';
import { openNodePostgresDb } from './node-postgres-db.js';

describe('openNodePostgresDb failures', () => {
  it('names the redacted URL and the cause when no server listens, and exits 2', async () => {
    const port = await closedPort();
    const url = `postgres://app:hunter2-secret@127.0.0.1:${port}/kronos`;
    const error = await openNodePostgresDb(url, { connectAttempts: 2 }).catch((e: unknown) => e);
    expect(isDbwardError(error)).toBe(true);
    if (!isDbwardError(error)) return;
    expect(error.code).toBe('database-unreachable');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`postgres://app:***@127.0.0.1:${port}/kronos`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('does not print the password when authentication fails', async () => {
    const url = new URL(inject('embeddedPgUrl'));
    url.password = 'wrong-password-xyz';
    const error = await openNodePostgresDb(url.toString()).catch((e: unknown) => e);
    expect(isDbwardError(error)).toBe(true);
    if (!isDbwardError(error)) return;
    expect(error.message).toContain('password authentication failed');
    expect(error.message).toContain('postgres://postgres:***@');
    expect(error.message).not.toContain('wrong-password-xyz');
  });
});

describe('openNodePostgresDb and the forms of a URL', () => {
  it('masks a password given as a query parameter, also when the server rejects it', async () => {
    const port = await closedPort();
    const refused = await openNodePostgresDb(
      `postgres://app@127.0.0.1:${port}/kronos?sslmode=disable&password=hunter2-secret`,
      { connectAttempts: 1 },
    ).catch((e: unknown) => e);
    expect(isDbwardError(refused) && refused.message).toBe(
      `connect to postgres://app@127.0.0.1:${port}/kronos?sslmode=disable&password=***: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    const url = new URL(inject('embeddedPgUrl'));
    url.password = '';
    url.searchParams.set('password', 'wrong-password-xyz');
    const error = await openNodePostgresDb(url.toString()).catch((e: unknown) => e);
    expect(isDbwardError(error)).toBe(true);
    if (!isDbwardError(error)) return;
    expect(error.message).toContain('password authentication failed');
    expect(error.message).toContain('password=***');
    expect(error.message).not.toContain('wrong-password-xyz');
  });

  it('connects with a password holding an unencoded @, and with one percent-encoded', async () => {
    const server = new URL(inject('embeddedPgUrl'));
    const admin = await openNodePostgresDb(server.toString());
    const role = `dbward_url_${process.pid}`;
    try {
      await admin.exec(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD 'a@b#c/d?e'`);
      const base = `postgres://${role}:%s@${server.host}/postgres`;
      for (const password of ['a%40b%23c%2Fd%3Fe', 'a@b%23c%2Fd%3Fe']) {
        const db = await openNodePostgresDb(base.replace('%s', password));
        expect(db.label).toBe(`postgres://${role}:***@${server.host}/postgres`);
        await db.close();
      }
    } finally {
      await admin.exec(`DROP ROLE IF EXISTS ${role}`);
      await admin.close();
    }
  });

  it('refuses a URL it cannot use before connecting, exit 2, password masked', async () => {
    for (const url of [
      'mysql://app:hunter2-secret@127.0.0.1:1/kronos',
      'host=127.0.0.1 port=1 user=app password=hunter2-secret dbname=x',
      'postgres://app:hunter2#secret@127.0.0.1:1/kronos',
      ' ',
    ]) {
      const error = await openNodePostgresDb(url, { connectAttempts: 1 }).catch((e: unknown) => e);
      expect(isDbwardError(error)).toBe(true);
      if (!isDbwardError(error)) return;
      expect(error.code).toBe('database-url-invalid');
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(/^invalid database URL/);
      expect(`${error.message} ${error.hint ?? ''}`).not.toMatch(/hunter2|secret/);
    }
  });
});

describe('loading node-postgres', () => {
  it("does not load Node's fetch implementation, and leaves no navigator behind", () => {
    // A fresh process: in this one pg may already be loaded.
    const script = [
      "await import('./src/db/node-postgres-db.ts');",
      "const undici = process.moduleLoadList.some((name) => name.includes('undici'));",
      "console.log(JSON.stringify({ navigator: 'navigator' in globalThis, undici }));",
    ].join('\n');
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
    const nativeNavigator = Number(process.versions.node.split('.')[0]) >= 21;
    expect(JSON.parse(output)).toEqual({ navigator: nativeNavigator, undici: false });
  });
});

describe('openNodePostgresDb exec of a script', () => {
  it('notes on the error how many statements completed before the failing one, and nothing on success', async () => {
    const db = await openNodePostgresDb(inject('embeddedPgUrl'));
    try {
      // Statements that return rows, none, or a command tag all count once; a comment does not.
      const failed = await db
        .exec(
          'SELECT 1;\n-- a comment\nCREATE TEMP TABLE counted (id int);\nSELECT * FROM counted;\nSELECT 1/0;\nSELECT 2;',
        )
        .catch((e: unknown) => e);
      expect(completedStatementsBefore(failed)).toBe(3);
      const first = await db.exec('SELECT 1/0').catch((e: unknown) => e);
      expect(completedStatementsBefore(first)).toBe(0);
      // The session is usable afterwards, and a later script's count starts again.
      await db.exec('SELECT 1; SELECT 2');
      const again = await db.exec('SELECT 1; SELECT nope_column FROM counted').catch((e: unknown) => e);
      expect(completedStatementsBefore(again)).toBe(1);
    } finally {
      await db.close();
    }
  });
});
