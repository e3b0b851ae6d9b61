import { relative } from 'node:path';
/**
 * locateKeyPath finds where a key path (`services.leaves.schema`) is written in a config's source
 * text, by finding each key in turn after the previous one. It is a best effort for messages:
 * null when a key cannot be found (a computed or spread key).
 */
export function locateKeyPath(
  text: string,
  path: readonly (string | number)[],
): { line: number; column: number } | null {
  let from = 0;
  let found = -1;
  for (const key of path) {
    if (typeof key === 'number') continue;
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?:["']${escaped}["']|\\b${escaped}\\b)\\s*:`, 'g');
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (!match) return null;
    found = match.index;
    from = match.index + match[0].length;
  }
  return found < 0 ? null : lineColumnAt(text, found);
}

/** lineColumnAt is the 1-based line and column of a 0-based offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

export function formatLineColumn(at: { line: number; column: number }): string {
  return `${at.line}:${at.column}`;
}

/**
 * describeConfigProblem is one line of a config error: `file:line:column: key.path: message`, the
 * position that of `locate` (default: `keyPath`) in the config's text, or just `file` when it
 * cannot be found there.
 */
export function describeConfigProblem(
  text: string,
  display: string,
  keyPath: readonly string[],
  message: string,
  locate: readonly (string | number)[] = keyPath,
): string {
  const located = locateKeyPath(text, locate);
  const where = located ? `${display}:${formatLineColumn(located)}` : display;
  return `${where}: ${keyPath.length > 0 ? `${keyPath.join('.')}: ` : ''}${message}`;
}

/** displayPath names a config file in messages: relative to `cwd` when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}
