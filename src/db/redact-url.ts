import { parseLikePg } from './parse-pg-url.js';

/**
 * Masking of passwords in connection strings, and in any text that may quote one (driver errors).
 *
 * Masking errs on the side of hiding too much: a URL is broken in exactly the cases where a user
 * forgot to percent-encode the password, and then its parts cannot be told apart reliably. So
 * everything between `scheme://` and the LAST `@` of the URL is taken as user info, and all of it
 * after the first `:` is masked, whatever it holds (`@`, `/`, `#`, `?`). checkDatabaseUrl refuses
 * an `@` after the host, so for an accepted URL that is exactly the password.
 */

const MASK = '***';

/** `scheme://`: any scheme, so that a URL dbward refuses (mysql://) is masked in its error too. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A URL inside free text: from its scheme to the next white space. */
const URL_IN_TEXT = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/\S*/gi;

/** `password=` / `sslpassword=` query parameters of a URL (libpq's names; node-postgres reads the first). */
const QUERY_PASSWORD = /([?&;](?:ssl)?password=)([^&#]*)/gi;
const QUERY_PASSWORD_IN_TEXT = /([?&;](?:ssl)?password=)([^&#\s]*)/gi;

/**
 * `password=...` of a libpq key=value string (`host=db password='a b' dbname=x`): a value in
 * single quotes may hold spaces and `\'`; an unterminated quote runs to the end.
 */
const KEY_VALUE_PASSWORD =
  /(^|[\s'"(,;])((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*(?:'|\\?$)|(?:\\.|[^\s\\])*\\?)/gi;

/** A value masked already, with the punctuation that may follow it in a message (`***":`). */
const MASKED = /^\*\*\*[)\]}>"'`:;,.!]*$/;

/**
 * redactUrl masks the password of one connection string, whatever its form:
 * `postgres://app:***@db:5432/kronos`, `postgres://app@db/kronos?password=***`,
 * `host=db password=*** dbname=kronos`. Anything without a password is returned unchanged.
 */
export function redactUrl(url: string): string {
  const body = url.trimStart();
  if (!SCHEME.test(body)) return redactKeyValues(url);
  return url.slice(0, url.length - body.length) + redactOneUrl(body, QUERY_PASSWORD);
}

/**
 * redactUrlsInText masks the password of every connection string inside free text (an error
 * message): URLs of any scheme, their `password` query parameters, and libpq `password=` pairs.
 * Passing the connection strings the text is about (`knownUrls`) also removes their passwords
 * wherever they appear verbatim, as a driver or a server may quote one outside of any URL.
 * Masking a masked text again changes nothing.
 */
export function redactUrlsInText(text: string, ...knownUrls: readonly string[]): string {
  let redacted = redactKeyValues(
    text.replace(URL_IN_TEXT, (url) => redactOneUrl(url, QUERY_PASSWORD_IN_TEXT)),
  );
  const secrets = [...new Set(knownUrls.flatMap(passwordsOf))].sort((a, b) => b.length - a.length);
  for (const secret of secrets) redacted = redacted.split(secret).join(MASK);
  return redacted;
}

/**
 * passwordsOf lists every form in which the password of a connection string may be quoted: as
 * written, percent-decoded, `+` read as a space (a query), as node-postgres reads it; longest first.
 */
export function passwordsOf(url: string): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined) => {
    if (!value) return;
    found.add(value);
    found.add(safeDecode(value));
    found.add(safeDecode(value.replace(/\+/g, ' ')));
  };
  const trimmed = url.trim();
  if (SCHEME.test(trimmed)) {
    const rest = trimmed.replace(SCHEME, '');
    const userInfo = rest.slice(0, Math.max(0, rest.lastIndexOf('@')));
    const colon = userInfo.indexOf(':');
    if (colon !== -1) add(userInfo.slice(colon + 1));
    for (const match of rest.matchAll(/[?&;](?:ssl)?password=([^&#]*)/gi)) add(match[1]);
    const parsed = parseLikePg(trimmed);
    add(parsed?.password);
    add(parsed?.searchParams.get('password') ?? undefined);
  } else {
    for (const match of trimmed.matchAll(KEY_VALUE_PASSWORD)) {
      const value = match[3] ?? '';
      add(value);
      add((value.startsWith("'") ? value.slice(1).replace(/'$/, '') : value).replace(/\\(.)/g, '$1'));
    }
  }
  found.delete('');
  found.delete(MASK);
  return [...found].sort((a, b) => b.length - a.length);
}

function redactOneUrl(url: string, queryPassword: RegExp): string {
  const scheme = SCHEME.exec(url)?.[0] ?? '';
  let rest = url.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  const colon = rest.slice(0, Math.max(0, at)).indexOf(':');
  if (colon !== -1) rest = `${rest.slice(0, colon)}:${MASK}${rest.slice(at)}`;
  return scheme + rest.replace(queryPassword, maskValue);
}

function redactKeyValues(text: string): string {
  return text.replace(KEY_VALUE_PASSWORD, (match, before: string, key: string, value: string) =>
    MASKED.test(value) ? match : `${before}${key}${MASK}`,
  );
}

function maskValue(match: string, key: string, value: string): string {
  return MASKED.test(value) ? match : `${key}${MASK}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
