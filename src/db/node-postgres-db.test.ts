import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { closedPort } from '../../test/harness/closed-port.js';
import { isDbwardError } from '../errors/dbward-error.js';
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
