import { describe, expect, it } from 'vitest';
import { passwordsOf, redactUrl, redactUrlsInText } from './redact-url.js';

const SECRET = 's3cretPW';

describe('redactUrl', () => {
  it('hides the password and keeps everything else', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db:5432/kronos?sslmode=require')).toBe(
      'postgres://app:***@db:5432/kronos?sslmode=require',
    );
    expect(redactUrl('postgresql://app:pw@db/kronos')).toBe('postgresql://app:***@db/kronos');
  });

  it('leaves URLs without a password alone', () => {
    expect(redactUrl('postgres://app@db:5432/kronos')).toBe('postgres://app@db:5432/kronos');
    expect(redactUrl('postgres://db:5432/kronos')).toBe('postgres://db:5432/kronos');
    expect(redactUrl('postgres:///kronos')).toBe('postgres:///kronos');
    expect(redactUrl('')).toBe('');
  });

  it('hides a password query parameter, wherever it is among the parameters', () => {
    expect(redactUrl(`postgres://app@127.0.0.1:5999/kronos?password=${SECRET}`)).toBe(
      'postgres://app@127.0.0.1:5999/kronos?password=***',
    );
    expect(redactUrl(`postgres://app@127.0.0.1:5999/kronos?sslmode=require&password=other`)).toBe(
      'postgres://app@127.0.0.1:5999/kronos?sslmode=require&password=***',
    );
    expect(redactUrl(`postgres://app@h/kronos?password=${SECRET}&application_name=x`)).toBe(
      'postgres://app@h/kronos?password=***&application_name=x',
    );
    expect(redactUrl(`postgres://app:${SECRET}@h/k?PASSWORD=other&sslpassword=key-pw`)).toBe(
      'postgres://app:***@h/k?PASSWORD=***&sslpassword=***',
    );
  });

  it('hides the password of a socket:// URL, and of any other scheme', () => {
    expect(redactUrl(`socket://app:${SECRET}@/var/run/x?db=kronos`)).toBe(
      'socket://app:***@/var/run/x?db=kronos',
    );
    expect(redactUrl(`postgres://app:${SECRET}@/kronos?host=/var/run/postgresql`)).toBe(
      'postgres://app:***@/kronos?host=/var/run/postgresql',
    );
    expect(redactUrl(`mysql://app:${SECRET}@127.0.0.1:5999/kronos`)).toBe(
      'mysql://app:***@127.0.0.1:5999/kronos',
    );
    expect(redactUrl(`POSTGRES://app:${SECRET}@h/k`)).toBe('POSTGRES://app:***@h/k');
  });

  it('hides the password of a libpq key=value string, quoted or not', () => {
    expect(redactUrl(`host=127.0.0.1 port=5999 user=app password=${SECRET} dbname=x`)).toBe(
      'host=127.0.0.1 port=5999 user=app password=*** dbname=x',
    );
    expect(redactUrl(`host=h password = 'a b\\' c' dbname=x`)).toBe('host=h password = *** dbname=x');
    expect(redactUrl(`password=${SECRET}`)).toBe('password=***');
    expect(redactUrl(`host=h password='never closed dbname=x`)).toBe('host=h password=***');
    expect(redactUrl('host=h sslpassword=key-pw')).toBe('host=h sslpassword=***');
  });

  it('hides everything up to the last @ when the password holds an unencoded @', () => {
    expect(redactUrl('postgres://app:s3c@ret@127.0.0.1:5999/x')).toBe('postgres://app:***@127.0.0.1:5999/x');
    expect(redactUrl('postgres://app:a@b@c@h/x')).toBe('postgres://app:***@h/x');
    // Azure-style user names hold an @ themselves.
    expect(redactUrl(`postgres://app@server:${SECRET}@h/x`)).toBe('postgres://app@server:***@h/x');
  });

  it('hides a password holding an unencoded #, / or ?, which breaks the URL', () => {
    expect(redactUrl('postgres://app:s3c#ret@127.0.0.1:5999/kronos')).toBe(
      'postgres://app:***@127.0.0.1:5999/kronos',
    );
    expect(redactUrl('postgres://app:s3c/ret@127.0.0.1:5999/kronos')).toBe(
      'postgres://app:***@127.0.0.1:5999/kronos',
    );
    expect(redactUrl('postgres://app:12/ret@h/db')).toBe('postgres://app:***@h/db');
    expect(redactUrl('postgres://app:s3c?ret@h/db')).toBe('postgres://app:***@h/db');
    expect(redactUrl('postgres://app:a b@h/db')).toBe('postgres://app:***@h/db');
  });

  it('never shows a password, even when an @ in the query hides more than needed', () => {
    const redacted = redactUrl(`postgres://app:${SECRET}@h:5432/db?application_name=a@b`);
    expect(redacted).not.toContain(SECRET);
    expect(redacted).toBe('postgres://app:***@b');
  });

  it('changes nothing in a redacted URL', () => {
    for (const url of [
      'postgres://app:***@h/k?password=***',
      'socket://app:***@/var/run/x?db=k',
      'host=h password=*** dbname=k',
    ])
      expect(redactUrl(url)).toBe(url);
  });

  it('keeps white space around a URL', () => {
    expect(redactUrl(`  postgres://app:${SECRET}@h/k\n`)).toBe('  postgres://app:***@h/k\n');
  });
});

describe('redactUrlsInText', () => {
  it('redacts every URL inside a longer message', () => {
    expect(redactUrlsInText('from postgres://a:x@h1/d to postgres://b:y@h2/d failed')).toBe(
      'from postgres://a:***@h1/d to postgres://b:***@h2/d failed',
    );
  });

  it('redacts every form a connection string may take inside a message', () => {
    const cases: [string, string][] = [
      [
        `connect to postgres://app@127.0.0.1:5999/kronos?password=${SECRET} failed`,
        'connect to postgres://app@127.0.0.1:5999/kronos?password=*** failed',
      ],
      [
        `connect to postgres://app@h/kronos?sslmode=require&password=${SECRET} failed`,
        'connect to postgres://app@h/kronos?sslmode=require&password=*** failed',
      ],
      [`bad (socket://app:${SECRET}@/var/run/x?db=kronos)`, 'bad (socket://app:***@/var/run/x?db=kronos)'],
      [
        `bad mysql://app:${SECRET}@127.0.0.1:5999/kronos: refused`,
        'bad mysql://app:***@127.0.0.1:5999/kronos: refused',
      ],
      [
        `"host=127.0.0.1 port=5999 user=app password=${SECRET} dbname=x": no`,
        '"host=127.0.0.1 port=5999 user=app password=*** dbname=x": no',
      ],
      [
        `at postgres://app:s3c@ret@127.0.0.1:5999/x: refused`,
        'at postgres://app:***@127.0.0.1:5999/x: refused',
      ],
      [`at postgres://app:s3c#ret@127.0.0.1:5999/kronos.`, 'at postgres://app:***@127.0.0.1:5999/kronos.'],
    ];
    for (const [text, redacted] of cases) expect(redactUrlsInText(text)).toBe(redacted);
  });

  it('leaves a redacted message as it is, punctuation included', () => {
    const message =
      'connect to postgres://app@h:5999/kronos?password=***: connect ECONNREFUSED; "host=h password=***": no';
    expect(redactUrlsInText(message)).toBe(message);
    // Unmasked, the `:` after a query password may be part of it; masked, it is kept.
    const once = redactUrlsInText(`x postgres://a:${SECRET}@h/d?password=p: y`);
    expect(once).toBe('x postgres://a:***@h/d?password=*** y');
    expect(redactUrlsInText(once)).toBe(once);
  });

  it('removes the passwords of the URLs it is told about wherever they appear verbatim', () => {
    const cases: [string, string][] = [
      [`postgres://app:${SECRET}@h/k`, SECRET],
      [`postgres://app:s3c%23ret@h/k`, 's3c#ret'],
      [`postgres://app@h/k?password=a%20b`, 'a b'],
      [`postgres://app@h/k?password=a+b`, 'a b'],
      [`postgres://app:s3c@ret@h/k`, 's3c@ret'],
      [`socket://app:${SECRET}@/var/run/x?db=k`, SECRET],
      [`host=h user=app password='a \\' b'`, "a ' b"],
      [`postgres://app:${SECRET}@h:5432/db?application_name=a@b`, SECRET],
    ];
    for (const [url, password] of cases) {
      const text = `server said: password "${password}" is wrong for ${password}`;
      expect(redactUrlsInText(text, url)).toBe('server said: password "***" is wrong for ***');
    }
  });
});

describe('passwordsOf', () => {
  it('lists the written and decoded forms, longest first, and nothing for no password', () => {
    expect(passwordsOf('postgres://app:a%40b@h/k')).toEqual(['a%40b', 'a@b']);
    expect(passwordsOf('postgres://app@h/k')).toEqual([]);
    expect(passwordsOf('host=h dbname=k')).toEqual([]);
    expect(passwordsOf('')).toEqual([]);
  });
});
