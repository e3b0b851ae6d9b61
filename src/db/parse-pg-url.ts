/** The host parseLikePg gives a URL that has none, as node-postgres does. */
export const EMPTY_HOST_STAND_IN = '___DUMMY___';

/**
 * parseLikePg parses a URL the way node-postgres (pg-connection-string) does: spaces and stray
 * `%` encoded first, and an empty host after user info (`app:pw@/db?host=/socket`) given a
 * stand-in. Null when node-postgres could not parse it either.
 */
export function parseLikePg(url: string): URL | null {
  try {
    let text = url;
    if (/ |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(text)) text = encodeURI(text).replace(/%25(\d\d)/g, '%$1');
    try {
      return new URL(text);
    } catch {
      return new URL(text.replace('@/', `@${EMPTY_HOST_STAND_IN}/`));
    }
  } catch {
    return null;
  }
}
