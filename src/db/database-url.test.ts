import { describe, expect, it } from 'vitest';
import { type DbwardError, isDbwardError } from '../errors/dbward-error.js';
import { checkDatabaseUrl, withDatabaseName } from './database-url.js';

const SECRET = 's3cretPW';

function refusal(url: string): DbwardError {
  try {
    checkDatabaseUrl(url);
  } catch (error) {
    if (isDbwardError(error)) return error;
    throw error;
  }
  throw new Error(`accepted: ${url}`);
}

describe('checkDatabaseUrl', () => {
  it('accepts the URL forms node-postgres reads, white space around them removed', () => {
    for (const url of [
      'postgres://app:pw@db:5432/kronos',
      'postgresql://app@db/kronos?sslmode=verify-full&application_name=x',
      `postgres://app@127.0.0.1:5999/kronos?password=${SECRET}`,
      'postgres://app:s3c%23ret%2F%3F%40@db/kronos',
      'postgres://app:s3c@ret@127.0.0.1:5999/x',
      'postgres://app:pw@/kronos?host=/var/run/postgresql',
      'postgres://app@%2Fvar%2Frun%2Fpostgresql/kronos',
      `socket://app:${SECRET}@/var/run/x?db=kronos`,
      'postgres://[::1]:5432/kronos',
      'postgres:///kronos',
      'POSTGRES://app@db/kronos',
    ])
      expect(checkDatabaseUrl(url)).toBe(url);
    expect(checkDatabaseUrl('  postgres://app@db/kronos\n')).toBe('postgres://app@db/kronos');
  });

  it('refuses a blank URL', () => {
    for (const url of ['', '   ', '\n']) {
      const error = refusal(url);
      expect(error.code).toBe('database-url-invalid');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(
        'invalid database URL: it is empty; expected a URL such as postgres://user@host:5432/dbname',
      );
    }
  });

  it('refuses a scheme that is not PostgreSQL, password masked', () => {
    const error = refusal(`mysql://app:${SECRET}@127.0.0.1:5999/kronos`);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'invalid database URL mysql://app:***@127.0.0.1:5999/kronos: "mysql:" is not a PostgreSQL URL scheme; use postgres://, postgresql:// or socket:// (a Unix socket)',
    );
    expect(refusal('http://db/kronos').message).toContain('"http:" is not a PostgreSQL URL scheme');
    expect(refusal('postgres:kronos').message).toContain('expected "postgres://"');
    expect(refusal('/var/run/postgresql kronos').message).toContain('expected a URL such as');
  });

  it('refuses a libpq key=value string, shows it masked and says how to write it as a URL', () => {
    const error = refusal(`host=127.0.0.1 port=5999 user=app password=${SECRET} dbname=x`);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'invalid database URL "host=127.0.0.1 port=5999 user=app password=*** dbname=x": key=value connection strings are not supported, only URLs such as postgres://user@host:5432/dbname',
    );
    expect(error.hint).toBe(
      'as a URL: postgres://app:***@127.0.0.1:5999/x (with the real password, percent-encoded)',
    );
    const quoted = refusal(`dbname=x password='${SECRET} \\' x' sslmode=require sslpassword=${SECRET}`);
    expect(`${quoted.message} ${quoted.hint}`).not.toContain(SECRET);
    expect(quoted.hint).toBe(
      'as a URL: postgres://:***@/x?sslmode=require&sslpassword=*** (with the real password, percent-encoded)',
    );
  });

  it('refuses a password with an unencoded #, / or ?, masked, and says to percent-encode it', () => {
    const advice =
      'percent-encode special characters in the password (# -> %23, / -> %2F, ? -> %3F, @ -> %40, % -> %25)';
    for (const url of [
      'postgres://app:s3c#ret@127.0.0.1:5999/kronos',
      'postgres://app:s3c/ret@127.0.0.1:5999/kronos',
      'postgres://app:s3c?ret@127.0.0.1:5999/kronos',
    ]) {
      const error = refusal(url);
      expect(error.code).toBe('database-url-invalid');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(
        `invalid database URL postgres://app:***@127.0.0.1:5999/kronos: not a valid URL: a "/", "?" or "#" in the user name or password ends that part early; ${advice}`,
      );
    }
    // These parse, but not as meant: host `app`, port 12, and the rest of the password elsewhere.
    expect(refusal('postgres://app:12#ret@h/kronos').message).toBe(
      `invalid database URL postgres://app:***@h/kronos: a "#" ends the URL early (everything after it is ignored); ${advice}`,
    );
    for (const url of ['postgres://app:12/ret@h/kronos', 'postgres://app:12?ret@h/kronos']) {
      const error = refusal(url);
      expect(error.message).toContain(
        'invalid database URL postgres://app:***@h/kronos: an "@" after the host',
      );
      expect(error.message).toContain(advice);
    }
    expect(refusal('postgres://app@h/kronos#x').message).toContain('a "#" ends the URL early');
  });

  it('refuses an @ after the host, which would make the masking ambiguous', () => {
    const error = refusal(`postgres://app:${SECRET}@h:5432/db?application_name=a@b`);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).toContain('in a query parameter, write it %40');
    expect(checkDatabaseUrl('postgres://app@h/db?application_name=a%40b')).toBe(
      'postgres://app@h/db?application_name=a%40b',
    );
  });

  it('refuses a URL node-postgres cannot read, password masked', () => {
    const error = refusal(`postgres://app:${SECRET}@db:notaport/kronos`);
    expect(error.message).toMatch(
      /^invalid database URL postgres:\/\/app:\*\*\*@db:notaport\/kronos: not a valid URL \(check the host and the port\); percent-encode/,
    );
    expect(refusal('postgres://db:99999/kronos').message).toBe(
      'invalid database URL postgres://db:99999/kronos: not a valid URL (check the host and the port)',
    );
  });
});

describe('withDatabaseName', () => {
  it('names another database on the same server, for each URL form', () => {
    expect(withDatabaseName('postgres://app:p%40w@db:5432/kronos?sslmode=verify-full', 'shadow_1')).toBe(
      'postgres://app:p%40w@db:5432/shadow_1?sslmode=verify-full',
    );
    expect(withDatabaseName('postgres://app:pw@/kronos?host=/var/run/postgresql', 'shadow_1')).toBe(
      'postgres://app:pw@/shadow_1?host=/var/run/postgresql',
    );
    expect(withDatabaseName('socket://app:pw@/var/run/x?db=kronos', 'shadow_1')).toBe(
      'socket://app:pw@/var/run/x?db=shadow_1',
    );
  });
});
