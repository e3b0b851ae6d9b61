import { ENGINE_RULES } from './engine-rules.js';
import type { Rule, Severity } from './rule.js';
import { RULES } from './rules/index.js';

/** What reporters need to know of a rule, whether a statement rule or one the engine reports. */
export interface KnownRule {
  id: string;
  defaultSeverity: Severity;
  summary: string;
}

/** knownRules lists the registry's rules, then the engine's own, each id once. */
export function knownRules(rules: readonly Rule[] = RULES): KnownRule[] {
  const known = new Map<string, KnownRule>();
  for (const rule of [...rules, ...Object.values(ENGINE_RULES)]) {
    if (!known.has(rule.id)) {
      known.set(rule.id, { id: rule.id, defaultSeverity: rule.defaultSeverity, summary: rule.summary });
    }
  }
  return [...known.values()];
}
