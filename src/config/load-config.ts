import { readFileSync, type Stats, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { DbwardError } from '../errors/dbward-error.js';
import { type ServiceProblem, serviceProblem } from './check-services.js';
import type { DbwardConfig, ValidatedConfig } from './config-schema.js';
import { findConfigFile } from './find-config-file.js';
import { importConfigFile } from './import-config-file.js';
import { isPlainlyValidConfig } from './is-plainly-valid-config.js';
import { describeConfigProblem, displayPath } from './locate-key-path.js';
import { parseDuration } from './parse-duration.js';
import type { ResolvedConfig, ResolvedService } from './resolved-config.js';

export interface LoadConfigOptions {
  /** Directory to start looking from; default `process.cwd()`. */
  cwd?: string;
  /** An explicit config file (`--config`); no search upwards then. */
  configFile?: string;
  /** `--database-url`: beats `DATABASE_URL`, which beats the config's `database`. */
  databaseUrl?: string;
  /** Environment to read `DATABASE_URL` from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

const DEFAULT_LOCK_TIMEOUT_MS = 5000;
const DEFAULT_LARGE_TABLE_ROWS = 1_000_000;

/**
 * loadConfig finds, loads (see importConfigFile) and validates the dbward config and
 * resolves it. Any problem is a `config-invalid` or `config-not-found` error with exit code 2 that
 * names the file, the key path and, where it can be found, the line.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const configFile = options.configFile ? resolve(cwd, options.configFile) : findConfigFile(cwd);
  if (!configFile) {
    throw new DbwardError(
      'config-not-found',
      `load config: no dbward.config.{ts,mts,mjs,js,json} in ${cwd} or above (run \`dbward init\` to create one)`,
      { exitCode: 2 },
    );
  }
  assertConfigFileUsable(configFile, options.configFile !== undefined);
  const display = displayPath(configFile, cwd);
  const raw = await importConfigFile(configFile, display);
  const config = isPlainlyValidConfig(raw) ? raw : await validateConfig(raw, configFile, display);
  const problem = serviceProblem(config);
  if (problem) throw serviceError(problem, await readFile(configFile, 'utf8').catch(() => ''), display);
  return resolveConfig(config, configFile, options);
}

/**
 * assertConfigFileUsable refuses, as a config error, a config path that is missing or is not a
 * regular file: reading a directory fails with a bare EISDIR, and reading a FIFO would block.
 */
function assertConfigFileUsable(configFile: string, explicit: boolean): void {
  let stats: Stats;
  try {
    stats = statSync(configFile);
  } catch (cause: unknown) {
    const missing = ['ENOENT', 'ENOTDIR'].includes(errorCodeOf(cause));
    throw new DbwardError(
      missing ? 'config-not-found' : 'config-unreadable',
      `load config: ${configFile} ${missing ? 'does not exist' : `cannot be read: ${errorMessageOf(cause)}`}`,
      { exitCode: 2, cause },
    );
  }
  if (stats.isFile()) return;
  const what = stats.isDirectory() ? 'a directory, not a config file' : 'not a regular file';
  const hint = explicit && stats.isDirectory() ? ' (--config names the file; --cwd runs in a directory)' : '';
  throw new DbwardError('config-unreadable', `load config: ${configFile} is ${what}${hint}`, {
    exitCode: 2,
  });
}

function errorCodeOf(cause: unknown): string {
  return typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
}

function errorMessageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** validateConfig checks an unusual or a broken config with zod, which also words the errors. */
async function validateConfig(raw: unknown, configFile: string, display: string): Promise<ValidatedConfig> {
  const { configSchema } = await import('./config-schema.js');
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw await configError(configFile, display, parsed.error);
  return parsed.data;
}

/** resolveConfig applies defaults, the layout of DESIGN.md and the URL overrides. */
export function resolveConfig(
  config: ValidatedConfig,
  configFile: string,
  options: Pick<LoadConfigOptions, 'databaseUrl' | 'env'> = {},
): ResolvedConfig {
  const rootDir = dirname(configFile);
  const env = options.env ?? process.env;
  const at = (path: string) => (isAbsolute(path) ? path : resolve(rootDir, path));
  const services: ResolvedService[] = Object.entries(config.services).map(([name, service]) => ({
    name,
    schema: service.schema ?? name,
    migrationsDir: at(service.migrations ?? `migrations/${name}`),
    seedsDir: at(service.seeds ?? `seeds/${name}`),
    modelsFile: at(service.models ?? `services/${name}/models.ts`),
    schemaFile: at(service.schemaFile ?? `services/${name}/schema.sql`),
    sourceDir: at(service.source ?? `src/services/${name}`),
    readableBy: service.readableBy ?? [],
  }));
  assertDistinctServices(config, configFile);
  const url = databaseUrlOf(config, configFile, options.databaseUrl, env.DATABASE_URL);
  return {
    rootDir,
    configFile,
    database: url
      ? { kind: 'url', url }
      : { kind: 'embedded', dataDir: at(config.embeddedDataDir ?? '.dbward/pgdata') },
    shadowDatabaseUrl: config.shadowDatabaseUrl ?? null,
    lockTimeoutMs:
      config.lockTimeout === undefined ? DEFAULT_LOCK_TIMEOUT_MS : parseDuration(config.lockTimeout),
    statementTimeoutMs: config.statementTimeout === undefined ? 0 : parseDuration(config.statementTimeout),
    services,
    migrations: {
      lockRetryAttempts: config.migrations?.lockRetryAttempts ?? 5,
      lockRetryBackoffMs:
        config.migrations?.lockRetryBackoff === undefined
          ? 500
          : parseDuration(config.migrations.lockRetryBackoff),
      allowOutOfOrder: config.migrations?.allowOutOfOrder ?? false,
    },
    review: {
      rules: config.review?.rules ?? {},
      largeTableRows: config.review?.largeTableRows ?? DEFAULT_LARGE_TABLE_ROWS,
    },
    docs: { output: at(config.docs?.output ?? 'docs/SCHEMA.md') },
  };
}

/**
 * databaseUrlOf picks the URL that wins: `--database-url`, else `DATABASE_URL`, else the config's
 * `database`; undefined for the embedded database. A URL given but blank is an error rather than a
 * silent fall-back to the next source; only an empty `DATABASE_URL` counts as unset, as in a
 * shell. What a non-blank URL holds is checked where it is opened (db/database-url.ts).
 */
function databaseUrlOf(
  config: ValidatedConfig,
  configFile: string,
  flag: string | undefined,
  env: string | undefined,
): string | undefined {
  const blank = (source: string) =>
    new DbwardError(
      'config-invalid',
      `${source} is blank; give a URL such as postgres://user@host:5432/dbname${source === 'DATABASE_URL' ? ', or unset it' : ''}`,
      { exitCode: 2 },
    );
  if (flag !== undefined) {
    if (flag.trim() === '') throw blank('--database-url');
    return flag;
  }
  if (env !== undefined && env !== '') {
    if (env.trim() === '') throw blank('DATABASE_URL');
    return env;
  }
  if (config.database !== undefined && config.database.trim() === '')
    throw blank(`${basename(configFile)}: database`);
  return config.database;
}

/**
 * assertDistinctServices throws serviceProblem's problem for a caller of resolveConfig (loadConfig
 * has checked before, naming the file as it does every problem), placed in `configFile` when the
 * file is there.
 */
function assertDistinctServices(config: ValidatedConfig, configFile: string): void {
  const problem = serviceProblem(config);
  if (!problem) return;
  let text = '';
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    // A config that is not (or no longer) in a file: named, not placed.
  }
  throw serviceError(problem, text, basename(configFile));
}

function serviceError(problem: ServiceProblem, text: string, display: string): DbwardError {
  return new DbwardError(
    'config-invalid',
    describeConfigProblem(text, display, problem.path, problem.message),
    { exitCode: 2 },
  );
}

async function configError(configFile: string, display: string, error: z.ZodError): Promise<DbwardError> {
  const text = await readFile(configFile, 'utf8').catch(() => '');
  const lines = error.issues.map((issue) => {
    const extra = issue.code === 'unrecognized_keys' ? issue.keys : [];
    // A bad record key (a service name) carries the key's own issue inside.
    const message =
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return describeConfigProblem(text, display, issue.path.map(String), message, [
      ...issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
      ...extra.slice(0, 1),
    ]);
  });
  return new DbwardError('config-invalid', lines.join('\n'), { exitCode: 2, cause: error });
}

export type { DbwardConfig };
