import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { redactUrl } from '../db/redact-url.js';
import { DBWARD_VERSION } from './dbward-version.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { Rule } from './rule.js';

// Bump when the cached shapes or what the engine derives from them change.
const CACHE_FORMAT = 'review-cache-2';

function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/**
 * beforeKeys gives, for every position in the estate's order, a hash of everything the schema
 * before that migration depends on: dbward's version, the shadow kind, the services and their
 * schemas, and each earlier file's path and checksum. A chain, so it costs one hash per file.
 * One more key than files: the last is the schema after them all (before a file added next).
 */
export function beforeKeys(config: ResolvedConfig, estate: readonly ServiceMigration[]): string[] {
  const services = config.services.map((service) => `${service.name}:${service.schema}`).join(',');
  const shadow = config.shadowDatabaseUrl === null ? 'pglite' : redactUrl(config.shadowDatabaseUrl);
  let key = sha256(CACHE_FORMAT, DBWARD_VERSION, shadow, services);
  const keys: string[] = [];
  for (const migration of estate) {
    keys.push(key);
    key = sha256(key, migration.service.name, migration.file.path, migration.file.checksum);
  }
  keys.push(key);
  return keys;
}

/**
 * fileReviewKey identifies one file's rule results: its checksum, the schema before it, the review
 * config (large-table threshold, severities) and the rule set.
 */
export function fileReviewKey(
  config: ResolvedConfig,
  migration: ServiceMigration,
  beforeKey: string,
  rules: readonly Rule[],
): string {
  return sha256(
    beforeKey,
    migration.service.name,
    migration.file.path,
    migration.file.checksum,
    JSON.stringify(config.review),
    rules.map((rule) => `${rule.id}:${rule.defaultSeverity}`).join(','),
  );
}
