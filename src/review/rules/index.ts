import type { Rule } from '../rule.js';
import { alterColumnType } from './alter-column-type.js';
import { createIndexNotConcurrently } from './create-index-not-concurrently.js';
import { crossSchemaForeignKey } from './cross-schema-foreign-key.js';
import { crossSchemaReference } from './cross-schema-reference.js';
import { dropColumn } from './drop-column.js';
import { dropTable } from './drop-table.js';
import { missingDown } from './missing-down.js';

/**
 * RULES is the one registry of review rules: config keys, the docs index and dispatch all derive
 * from it. Add a rule here and nowhere else.
 */
export const RULES: readonly Rule[] = [
  missingDown,
  dropTable,
  dropColumn,
  alterColumnType,
  createIndexNotConcurrently,
  crossSchemaForeignKey,
  crossSchemaReference,
];
