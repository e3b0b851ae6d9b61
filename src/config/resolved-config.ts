import type { RuleSeverity } from './config-schema.js';

/** ResolvedService is one service with every default applied and every path absolute. */
export interface ResolvedService {
  name: string;
  schema: string;
  migrationsDir: string;
  seedsDir: string;
  modelsFile: string;
  schemaFile: string;
  sourceDir: string;
  /** Services allowed to read this service's schema from their code: `'*'` or names. */
  readableBy: '*' | string[];
}

/** Where the database is: a server URL, or the embedded PGlite directory. */
export type DatabaseTarget = { kind: 'url'; url: string } | { kind: 'embedded'; dataDir: string };

/** ResolvedConfig is the validated config with defaults and overrides applied. */
export interface ResolvedConfig {
  /** Directory of the config file (or the working directory when there is none). */
  rootDir: string;
  /** The config file found, or null when running with defaults. */
  configFile: string | null;
  database: DatabaseTarget;
  shadowDatabaseUrl: string | null;
  lockTimeoutMs: number;
  /** 0 means no statement timeout. */
  statementTimeoutMs: number;
  /** In config order: the order `up` applies them. */
  services: ResolvedService[];
  migrations: { lockRetryAttempts: number; lockRetryBackoffMs: number; allowOutOfOrder: boolean };
  review: { rules: Record<string, RuleSeverity>; largeTableRows: number };
  docs: { output: string };
}
