import type { RuleSeverity } from '../config/config-schema.js';
import type { Severity } from './rule.js';

/**
 * configuredSeverity applies `review.rules` from the config to a finding's severity: null when the
 * rule is `off`; the configured level otherwise, except that a severity a rule chose for one
 * violation (raised on a large table) is never lowered by it.
 */
export function configuredSeverity(
  configured: Readonly<Record<string, RuleSeverity>>,
  rule: string,
  severity: Severity,
  chosenByRule: boolean,
): Severity | null {
  const level = configured[rule];
  if (level === undefined) return severity;
  if (level === 'off') return null;
  if (chosenByRule && severity === 'error') return 'error';
  return level;
}
