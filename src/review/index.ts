/** The review layer's public API: the engine, its result shape and the reporters. */
export type { Finding, ReviewResult, ReviewSummary } from './finding.js';
export type { KnownRule } from './known-rules.js';
export { knownRules } from './known-rules.js';
export { githubReport } from './reporters/github-reporter.js';
export { jsonReport } from './reporters/json-reporter.js';
export { sarifReport } from './reporters/sarif-reporter.js';
export type { TextStyle } from './reporters/text-reporter.js';
export { textReport } from './reporters/text-reporter.js';
export type { ReviewGateOptions } from './review-gate.js';
export { ReviewGateError, reviewGate } from './review-gate.js';
export type { ReviewOptions, ReviewReport } from './review-migrations.js';
export { reviewMigrations } from './review-migrations.js';
export type { Rule, RuleViolation, Severity } from './rule.js';
export { ruleDocsUrl } from './rule-docs-url.js';
export type { ReviewSelection } from './select-migrations.js';
