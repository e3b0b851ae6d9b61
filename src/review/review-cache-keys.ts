import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { redactUrl } from '../db/redact-url.js';
import { DBWARD_VERSION } from './dbward-version.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { Rule } from './rule.js';

// Bump when the cached shapes or what the engine derives from them change.
const CACHE_FORMAT = 'review-cache-15';

export function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** The part of every key that changes with dbward itself and with the configured services. */
export function estateKeyBase(config: ResolvedConfig): string {
  const services = config.services.map((service) => `${service.name}:${service.schema}`).join(',');
  return sha256(CACHE_FORMAT, DBWARD_VERSION, services);
}

/**
 * beforeKeys gives, for every position in the estate's order, a hash of everything the schema
 * on the shadow before that migration depends on: the key base, the shadow kind, and each earlier
 * file's path and checksum. A chain, so it costs one hash per file. One more key than files: the
 * last is the schema after them all. Only the shadow fallback's cached catalogs use these.
 */
export function beforeKeys(config: ResolvedConfig, estate: readonly ServiceMigration[]): string[] {
  const shadow = config.shadowDatabaseUrl === null ? 'pglite' : redactUrl(config.shadowDatabaseUrl);
  let key = sha256(estateKeyBase(config), shadow);
  const keys: string[] = [];
  for (const migration of estate) {
    keys.push(key);
    key = sha256(key, migration.service.name, migration.file.path, migration.file.checksum);
  }
  keys.push(key);
  return keys;
}

/**
 * reviewKeyBase is what every file's review key shares: the key base, the review config
 * (large-table threshold, severities) and the rule set. Computed once per run.
 */
export function reviewKeyBase(config: ResolvedConfig, rules: readonly Rule[]): string {
  return sha256(
    estateKeyBase(config),
    JSON.stringify(config.review),
    rules.map((rule) => `${rule.id}:${rule.defaultSeverity}`).join(','),
  );
}

/**
 * fileReviewKey identifies one file's review apart from the schema before it: its content, its
 * service and path, and the run's reviewKeyBase. The schema it was judged against is checked
 * separately, schema by schema (see CachedFileReview.reads), so a change in a schema the file's
 * rules never read does not invalidate it.
 */
export function fileReviewKey(keyBase: string, migration: ServiceMigration): string {
  return sha256(keyBase, migration.service.name, migration.file.path, migration.file.checksum);
}

/** schemaEffectsKey identifies what a file does to the schema model: its content and its schema. */
export function schemaEffectsKey(migration: ServiceMigration): string {
  return sha256(
    CACHE_FORMAT,
    DBWARD_VERSION,
    migration.service.schema,
    migration.file.format,
    migration.file.checksum,
  );
}
