import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../harness/closed-port.js';
import { runCliInProcess, runCliProcess } from '../harness/run-cli.js';

// The QA reports, end to end: every way of writing a database URL either connects (here: is
// refused by a closed port) or is refused with exit 2 and a clear message; none prints the password.

const SECRET = 's3cretPW';
const ADVICE =
  'percent-encode special characters in the password (# -> %23, / -> %2F, ? -> %3F, @ -> %40, % -> %25)';

let dir: string;
let port: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbward-url-'));
  await writeFile(
    join(dir, 'dbward.config.json'),
    JSON.stringify({ services: { auth: {} }, database: `postgres://cfg:${SECRET}@127.0.0.1:1/cfg` }),
  );
  port = await closedPort();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface UrlCase {
  name: string;
  url: () => string;
  /** What status prints after `error: `. */
  error: () => string;
}

const CASES: UrlCase[] = [
  {
    name: 'a password query parameter',
    url: () => `postgres://app@127.0.0.1:${port}/kronos?password=${SECRET}`,
    error: () =>
      `connect to postgres://app@127.0.0.1:${port}/kronos?password=***: connect ECONNREFUSED 127.0.0.1:${port}`,
  },
  {
    name: 'a password query parameter after another',
    url: () => `postgres://app@127.0.0.1:${port}/kronos?sslmode=disable&password=${SECRET}`,
    error: () =>
      `connect to postgres://app@127.0.0.1:${port}/kronos?sslmode=disable&password=***: connect ECONNREFUSED 127.0.0.1:${port}`,
  },
  {
    name: 'a socket:// URL',
    url: () => `socket://app:${SECRET}@${dir}/no-socket?db=kronos`,
    error: () =>
      `connect to socket://app:***@${dir}/no-socket?db=kronos: connect ENOENT ${dir}/no-socket/.s.PGSQL.5432`,
  },
  {
    name: 'a MySQL URL',
    url: () => `mysql://app:${SECRET}@127.0.0.1:${port}/kronos`,
    error: () =>
      `invalid database URL mysql://app:***@127.0.0.1:${port}/kronos: "mysql:" is not a PostgreSQL URL scheme; use postgres://, postgresql:// or socket:// (a Unix socket)`,
  },
  {
    name: 'a libpq key=value string',
    url: () => `host=127.0.0.1 port=${port} user=app password=${SECRET} dbname=x`,
    error: () =>
      `invalid database URL "host=127.0.0.1 port=${port} user=app password=*** dbname=x": key=value connection strings are not supported, only URLs such as postgres://user@host:5432/dbname`,
  },
  {
    name: 'an unencoded @ in the password',
    url: () => `postgres://app:s3c@ret@127.0.0.1:${port}/x`,
    error: () => `connect to postgres://app:***@127.0.0.1:${port}/x: connect ECONNREFUSED 127.0.0.1:${port}`,
  },
  {
    name: 'an unencoded # in the password',
    url: () => `postgres://app:s3c#ret@127.0.0.1:${port}/kronos`,
    error: () =>
      `invalid database URL postgres://app:***@127.0.0.1:${port}/kronos: not a valid URL: a "/", "?" or "#" in the user name or password ends that part early; ${ADVICE}`,
  },
  {
    name: 'an unencoded / in the password',
    url: () => `postgres://app:s3c/ret@127.0.0.1:${port}/kronos`,
    error: () =>
      `invalid database URL postgres://app:***@127.0.0.1:${port}/kronos: not a valid URL: a "/", "?" or "#" in the user name or password ends that part early; ${ADVICE}`,
  },
  {
    name: 'an empty URL',
    url: () => '',
    error: () => '--database-url is blank; give a URL such as postgres://user@host:5432/dbname',
  },
  {
    name: 'a blank URL',
    url: () => '   ',
    error: () => '--database-url is blank; give a URL such as postgres://user@host:5432/dbname',
  },
];

/** Every piece of a password that a half-done masking could let through. */
function expectNoSecret(output: string): void {
  for (const piece of [SECRET, 's3c', 'ret@', 'cretPW']) expect(output).not.toContain(piece);
}

describe('--database-url in its every form', () => {
  for (const urlCase of CASES) {
    it(`status: ${urlCase.name}`, async () => {
      const run = await runCliInProcess(['--cwd', dir, 'status', '--database-url', urlCase.url()], {});
      expect(run.exitCode).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(`error: ${urlCase.error()}`);
      expect(run.stderr).not.toContain('internal error');
      expectNoSecret(run.stdout + run.stderr);
    });

    it(`doctor: ${urlCase.name}`, async () => {
      const run = await runCliInProcess(['--cwd', dir, 'doctor', '--database-url', urlCase.url()], {});
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toContain(urlCase.error());
      expectNoSecret(run.stdout + run.stderr);
      const json = await runCliInProcess(
        ['--cwd', dir, '--format', 'json', 'doctor', '--database-url', urlCase.url()],
        {},
      );
      expect(json.exitCode).toBe(2);
      expectNoSecret(json.stdout + json.stderr);
    });
  }

  it('status --format json reports the refusal as JSON, masked', async () => {
    const run = await runCliInProcess(
      [
        '--cwd',
        dir,
        '--format',
        'json',
        'status',
        '--database-url',
        `mysql://app:${SECRET}@127.0.0.1:${port}/k`,
      ],
      {},
    );
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe('database-url-invalid');
    expectNoSecret(run.stdout + run.stderr);
  });

  it('says how to write a key=value string as a URL', async () => {
    const run = await runCliInProcess(
      [
        '--cwd',
        dir,
        'status',
        '--database-url',
        `host=127.0.0.1 port=${port} user=app password=${SECRET} dbname=x`,
      ],
      {},
    );
    expect(run.stderr).toContain(
      `hint: as a URL: postgres://app:***@127.0.0.1:${port}/x (with the real password, percent-encoded)`,
    );
  });

  it('refuses a blank DATABASE_URL, and takes an empty one as unset', async () => {
    const blank = await runCliInProcess(['--cwd', dir, 'status'], { DATABASE_URL: ' ' });
    expect(blank.exitCode).toBe(2);
    expect(blank.stderr).toContain('error: DATABASE_URL is blank');
    const empty = await runCliInProcess(['--cwd', dir, 'status'], { DATABASE_URL: '' });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain(
      'error: connect to postgres://cfg:***@127.0.0.1:1/cfg: connect ECONNREFUSED',
    );
    expectNoSecret(blank.stdout + blank.stderr + empty.stdout + empty.stderr);
  });

  it('in a real process: an unencoded # is a clean exit 2, no stack trace', async () => {
    const run = await runCliProcess(
      ['--cwd', dir, 'status', '--database-url', `postgres://app:s3c#ret@127.0.0.1:${port}/kronos`],
      { env: { DATABASE_URL: undefined } },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      `error: invalid database URL postgres://app:***@127.0.0.1:${port}/kronos: not a valid URL: a "/", "?" or "#" in the user name or password ends that part early; ${ADVICE}\n`,
    );
    expect(run.stdout).toBe('');
  });
});
