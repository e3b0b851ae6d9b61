import { DbwardError } from '../errors/dbward-error.js';
import { EMPTY_HOST_STAND_IN, parseLikePg } from './parse-pg-url.js';
import { redactUrl } from './redact-url.js';

/** Schemes dbward connects with: node-postgres reads `socket:` as a Unix socket directory. */
export const DATABASE_URL_SCHEMES: readonly string[] = ['postgres:', 'postgresql:', 'socket:'];

const EXAMPLE = 'postgres://user@host:5432/dbname';
const PERCENT_ENCODE =
  'percent-encode special characters in the password (# -> %23, / -> %2F, ? -> %3F, @ -> %40, % -> %25)';

/**
 * checkDatabaseUrl returns the connection URL node-postgres is to be given (without surrounding
 * white space), or throws a `database-url-invalid` error (exit 2) saying what is wrong with it:
 * blank, a libpq key=value string, a scheme that is not PostgreSQL's, or a URL that cannot be
 * read as the user meant it (typically an unencoded `#`, `/`, `?` or `@` in the password). The
 * URL in the message is always redacted.
 */
export function checkDatabaseUrl(url: string): string {
  const trimmed = url.trim();
  if (trimmed === '') throw invalid(null, `it is empty; expected a URL such as ${EXAMPLE}`);
  const scheme = /^([a-z][a-z0-9+.-]*:)(\/\/)?/i.exec(trimmed);
  if (!scheme) {
    if (/^[a-z_]+\s*=/i.test(trimmed)) {
      const asUrl = keyValueAsUrl(trimmed);
      throw invalid(
        trimmed,
        `key=value connection strings are not supported, only URLs such as ${EXAMPLE}`,
        asUrl ? `as a URL: ${asUrl} (with the real password, percent-encoded)` : undefined,
      );
    }
    throw invalid(trimmed, `expected a URL such as ${EXAMPLE}`);
  }
  const protocol = (scheme[1] ?? '').toLowerCase();
  if (!DATABASE_URL_SCHEMES.includes(protocol)) {
    throw invalid(
      trimmed,
      `"${protocol}" is not a PostgreSQL URL scheme; use postgres://, postgresql:// or socket:// (a Unix socket)`,
    );
  }
  if (!scheme[2]) throw invalid(trimmed, `expected "${protocol}//" as in ${EXAMPLE}`);

  const rest = trimmed.slice(scheme[0].length);
  const userInfo = rest.includes('@') ? rest.slice(0, rest.lastIndexOf('@')) : null;
  const parsed = parseLikePg(trimmed);
  if (!parsed) {
    if (userInfo !== null && /[/?#]/.test(userInfo))
      throw invalid(
        trimmed,
        `not a valid URL: a "/", "?" or "#" in the user name or password ends that part early; ${PERCENT_ENCODE}`,
      );
    throw invalid(
      trimmed,
      `not a valid URL (check the host and the port)${userInfo === null ? '' : `; ${PERCENT_ENCODE}`}`,
    );
  }
  // The URL parsed, but perhaps not as meant: `app:12/x@host/db` is host `app`, port 12, database
  // `x@host/db`. A `#`, or an `@` after the host, is most likely a password that needed
  // percent-encoding. Refusing every `@` after the host also means that in an accepted URL the
  // last `@` ends the user info, so that redactUrl masks exactly the password.
  if (trimmed.includes('#'))
    throw invalid(trimmed, `a "#" ends the URL early (everything after it is ignored); ${PERCENT_ENCODE}`);
  if (`${parsed.pathname}${parsed.search}`.includes('@')) {
    throw invalid(
      trimmed,
      `an "@" after the host: if it is part of the password, ${PERCENT_ENCODE}; in a query parameter, write it %40`,
    );
  }
  return trimmed;
}

/**
 * withDatabaseName is `url` naming another database on the same server: the path of a
 * postgres:// URL, the `db` parameter of a socket:// one. `url` must have passed checkDatabaseUrl.
 */
export function withDatabaseName(url: string, database: string): string {
  const parsed = parseLikePg(url);
  if (!parsed) throw invalid(url, 'not a valid URL');
  if (parsed.protocol === 'socket:') parsed.searchParams.set('db', database);
  else parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString().replace(`@${EMPTY_HOST_STAND_IN}/`, '@/');
}

function invalid(url: string | null, why: string, hint?: string): DbwardError {
  const shown = url === null ? '' : /\s/.test(url) ? ` "${redactUrl(url)}"` : ` ${redactUrl(url)}`;
  return new DbwardError('database-url-invalid', `invalid database URL${shown}: ${why}`, {
    exitCode: 2,
    ...(hint === undefined ? {} : { hint }),
  });
}

/**
 * keyValueAsUrl writes a libpq key=value string as the equivalent URL, its password masked, for
 * the error that refuses it; null when it holds something a URL cannot say simply.
 */
function keyValueAsUrl(text: string): string | null {
  const pairs = new Map<string, string>();
  const pair = /([a-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|(?:\\.|[^\s\\])*)\s*/giy;
  let match = pair.exec(text);
  while (match) {
    const raw = match[2] ?? '';
    const value = (raw.startsWith("'") ? raw.slice(1, -1) : raw).replace(/\\(.)/g, '$1');
    pairs.set((match[1] ?? '').toLowerCase(), value);
    if (pair.lastIndex >= text.length) break;
    match = pair.exec(text);
  }
  if (pair.lastIndex < text.length || pairs.size === 0) return null;
  const { host = '', port, user, password, dbname, ...rest } = Object.fromEntries(pairs);
  if (host.startsWith('/') || host.includes(',')) return null;
  const userInfo =
    user === undefined && password === undefined
      ? ''
      : `${encodeURIComponent(user ?? '')}${password === undefined ? '' : ':***'}@`;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const query = new URLSearchParams(rest).toString();
  const database = dbname === undefined ? '' : `/${encodeURIComponent(dbname)}`;
  // redactUrl: other parameters may hold a secret too (sslpassword).
  return redactUrl(
    `postgres://${userInfo}${hostPart}${port ? `:${port}` : ''}${database}${query ? `?${query}` : ''}`,
  );
}
