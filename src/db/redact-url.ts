const URL_IN_TEXT = /\b(postgres(?:ql)?:\/\/)([^:@\s/]+)(?::([^@\s]*))?@/gi;

/**
 * redactUrl replaces the password of a connection URL with `***`
 * (`postgres://app:***@db:5432/kronos`); URLs without a password are returned unchanged.
 */
export function redactUrl(url: string): string {
  return redactUrlsInText(url);
}

/** redactUrlsInText redacts every connection URL's password inside free text (error messages). */
export function redactUrlsInText(text: string): string {
  return text.replace(URL_IN_TEXT, (_match, scheme: string, user: string, password: string | undefined) =>
    password === undefined ? `${scheme}${user}@` : `${scheme}${user}:***@`,
  );
}

/** passwordOf returns the password in a URL, so callers can scrub it from any other text too. */
export function passwordOf(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password === '' ? null : decodeURIComponent(password);
  } catch {
    return null;
  }
}
