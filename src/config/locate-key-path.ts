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
  if (found < 0) return null;
  const before = text.slice(0, found);
  const line = before.split('\n').length;
  return { line, column: found - before.lastIndexOf('\n') };
}
