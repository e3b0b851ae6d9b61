import type { Rule } from '../rule.js';
import { addNotNullColumnWithoutDefault } from './add-not-null-column-without-default.js';
import { alterColumnType } from './alter-column-type.js';
import { cluster } from './cluster.js';
import { concurrentlyInTransaction } from './concurrently-in-transaction.js';
import { constraintNotValid } from './constraint-not-valid.js';
import { createIndexNotConcurrently } from './create-index-not-concurrently.js';
import { crossSchemaForeignKey } from './cross-schema-foreign-key.js';
import { crossSchemaReference } from './cross-schema-reference.js';
import { deleteWithoutWhere } from './delete-without-where.js';
import { dropColumn } from './drop-column.js';
import { dropDatabase } from './drop-database.js';
import { dropIndexNotConcurrently } from './drop-index-not-concurrently.js';
import { dropSchema } from './drop-schema.js';
import { dropTable } from './drop-table.js';
import { foreignKeyWithoutIndex } from './foreign-key-without-index.js';
import { missingDown } from './missing-down.js';
import { preferBigintPrimaryKey } from './prefer-bigint-primary-key.js';
import { preferTextOverChar } from './prefer-text-over-char.js';
import { preferTimestamptz } from './prefer-timestamptz.js';
import { reindexNotConcurrently } from './reindex-not-concurrently.js';
import { renameColumn } from './rename-column.js';
import { renameTable } from './rename-table.js';
import { setNotNull } from './set-not-null.js';
import { tableRewrite } from './table-rewrite.js';
import { truncate } from './truncate.js';
import { uniqueWithoutIndex } from './unique-without-index.js';
import { unreviewedCode } from './unreviewed-code.js';
import { updateWithoutWhere } from './update-without-where.js';
import { vacuumFull } from './vacuum-full.js';
import { volatileDefault } from './volatile-default.js';

/**
 * RULES is the one registry of review rules: config keys, the docs index and dispatch all derive
 * from it. Add a rule here and nowhere else. Order: the rule ids DESIGN.md fixes, then data loss,
 * locks, isolation-adjacent hygiene, then type choices, then code the review cannot see into.
 */
export const RULES: readonly Rule[] = [
  missingDown,
  dropTable,
  dropColumn,
  alterColumnType,
  createIndexNotConcurrently,
  crossSchemaForeignKey,
  crossSchemaReference,
  setNotNull,
  addNotNullColumnWithoutDefault,
  volatileDefault,
  constraintNotValid,
  uniqueWithoutIndex,
  renameColumn,
  renameTable,
  concurrentlyInTransaction,
  dropIndexNotConcurrently,
  truncate,
  deleteWithoutWhere,
  updateWithoutWhere,
  dropSchema,
  dropDatabase,
  foreignKeyWithoutIndex,
  vacuumFull,
  cluster,
  reindexNotConcurrently,
  tableRewrite,
  preferBigintPrimaryKey,
  preferTimestamptz,
  preferTextOverChar,
  unreviewedCode,
];
