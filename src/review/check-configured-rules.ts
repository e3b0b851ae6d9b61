import { readFileSync } from 'node:fs';
import { describeConfigProblem, displayPath } from '../config/locate-key-path.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { DbwardError } from '../errors/dbward-error.js';
import { knownRules } from './known-rules.js';
import type { Rule } from './rule.js';

/**
 * checkConfiguredRules refuses `review.rules` keys that name no rule (exit 2, at the key's
 * file:line:column): a misspelt id would otherwise be ignored silently, leaving the rule the user
 * meant to switch off, or to make an error, exactly as it was.
 */
export function checkConfiguredRules(config: ResolvedConfig, rules: readonly Rule[]): void {
  const known = knownRules(rules).map((rule) => rule.id);
  const unknown = Object.keys(config.review.rules).filter((id) => !known.includes(id));
  if (unknown.length === 0) return;
  const file = config.configFile;
  let text = '';
  try {
    if (file !== null) text = readFileSync(file, 'utf8');
  } catch {
    // A config file gone since it was loaded: named, not placed.
  }
  const display = file === null ? 'config' : displayPath(file, process.cwd());
  const lines = unknown.map((id) => {
    const nearest = closestId(id, known);
    const hint = nearest === null ? '' : ` (did you mean "${nearest}"?)`;
    return describeConfigProblem(
      text,
      display,
      ['review', 'rules', id],
      `no rule has this id${hint}; the ids are listed in docs/rules/README.md`,
    );
  });
  throw new DbwardError('config-invalid', lines.join('\n'), { exitCode: 2 });
}

/** closestId: the known id within a few edits of `id` (a typo), or null. */
function closestId(id: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(id.length / 4)) + 1;
  for (const candidate of known) {
    const distance = editDistance(id, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** editDistance: Levenshtein distance, one row at a time (ids are short). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
