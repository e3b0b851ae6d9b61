import type { ValidatedConfig } from './config-schema.js';
import { MAX_POSTGRES_DURATION_MS, parseDuration } from './parse-duration.js';

/*
 * A hand-written twin of configSchema for the common case, a valid config: importing zod costs
 * about as much as the rest of loading a config, and every command loads one. It may say "not
 * sure" (false) for anything unusual; it must never accept what configSchema rejects, which
 * is-plainly-valid-config.test.ts checks by mutating every key. Change the two together.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const DURATION = /^\d+(ms|s|min|m)?$/;
const RULE_ID = /^[a-z0-9-]+$/;

const TOP_KEYS = new Set([
  'database',
  'shadowDatabaseUrl',
  'embeddedDataDir',
  'lockTimeout',
  'statementTimeout',
  'services',
  'migrations',
  'review',
  'docs',
]);
const SERVICE_KEYS = new Set([
  'schema',
  'migrations',
  'seeds',
  'models',
  'schemaFile',
  'source',
  'readableBy',
]);
const MIGRATIONS_KEYS = new Set(['lockRetryAttempts', 'lockRetryBackoff', 'allowOutOfOrder']);
const REVIEW_KEYS = new Set(['rules', 'largeTableRows']);
const DOCS_KEYS = new Set(['output']);
const SEVERITIES = new Set(['off', 'warning', 'error']);

/** isPlainlyValidConfig is true only for a config configSchema accepts as it is. */
export function isPlainlyValidConfig(value: unknown): value is ValidatedConfig {
  if (!isPlainObject(value, TOP_KEYS)) return false;
  const services = value.services;
  if (!isPlainObject(services) || Object.keys(services).length === 0) return false;
  for (const [name, service] of Object.entries(services)) {
    if (!IDENTIFIER.test(name) || !isService(service)) return false;
  }
  return (
    optional(value.database, isNonBlankString) &&
    optional(value.shadowDatabaseUrl, isNonEmptyString) &&
    optional(value.embeddedDataDir, isNonEmptyString) &&
    optional(value.lockTimeout, isPostgresDuration) &&
    optional(value.statementTimeout, isPostgresDuration) &&
    optional(value.migrations, isMigrations) &&
    optional(value.review, isReview) &&
    optional(value.docs, (docs) => isPlainObject(docs, DOCS_KEYS) && optional(docs.output, isNonEmptyString))
  );
}

function isService(value: unknown): boolean {
  if (!isPlainObject(value, SERVICE_KEYS)) return false;
  return (
    optional(value.schema, isIdentifier) &&
    optional(value.migrations, isNonEmptyString) &&
    optional(value.seeds, isNonEmptyString) &&
    optional(value.models, isNonEmptyString) &&
    optional(value.schemaFile, isNonEmptyString) &&
    optional(value.source, isNonEmptyString) &&
    optional(value.readableBy, (readers) => readers === '*' || isIdentifierList(readers))
  );
}

function isMigrations(value: unknown): boolean {
  if (!isPlainObject(value, MIGRATIONS_KEYS)) return false;
  return (
    optional(value.lockRetryAttempts, (n) => Number.isSafeInteger(n) && Number(n) >= 1 && Number(n) <= 100) &&
    optional(value.lockRetryBackoff, isDuration) &&
    optional(value.allowOutOfOrder, (flag) => typeof flag === 'boolean')
  );
}

function isReview(value: unknown): boolean {
  if (!isPlainObject(value, REVIEW_KEYS)) return false;
  const rulesOk = optional(
    value.rules,
    (rules) =>
      isPlainObject(rules) &&
      Object.entries(rules).every(([id, severity]) => RULE_ID.test(id) && SEVERITIES.has(severity as string)),
  );
  return rulesOk && optional(value.largeTableRows, (n) => Number.isSafeInteger(n) && Number(n) > 0);
}

/** A plain `{...}` whose own keys are all strings (and all in `keys`, when given). */
function isPlainObject(value: unknown, keys?: ReadonlySet<string>): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  return Reflect.ownKeys(value).every((key) => {
    if (typeof key !== 'string' || (keys !== undefined && !keys.has(key))) return false;
    const property = Object.getOwnPropertyDescriptor(value, key);
    // Getters and hidden keys are for the schema to judge.
    return property?.enumerable === true && 'value' in property;
  });
}

function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function isIdentifier(value: unknown): boolean {
  return typeof value === 'string' && IDENTIFIER.test(value);
}

function isIdentifierList(value: unknown): boolean {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
  for (let i = 0; i < value.length; i++) if (!isIdentifier(value[i])) return false;
  return true;
}

function isDuration(value: unknown): boolean {
  return typeof value === 'number'
    ? Number.isSafeInteger(value) && value >= 0
    : typeof value === 'string' && DURATION.test(value);
}

function isPostgresDuration(value: unknown): boolean {
  return isDuration(value) && parseDuration(value as number | string) <= MAX_POSTGRES_DURATION_MS;
}

function isNonBlankString(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
