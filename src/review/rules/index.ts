import type { Rule } from '../rule.js';

/**
 * RULES is the one registry of review rules: config keys, the docs index and dispatch all derive
 * from it. Add a rule here and nowhere else.
 */
export const RULES: readonly Rule[] = [];
