import { z } from 'zod';
import { MAX_POSTGRES_DURATION_MS, parseDuration } from './parse-duration.js';

/** A lower-case SQL identifier usable unquoted: a schema or service name. */
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
  message: 'expected a lower-case identifier (a-z, 0-9, _; at most 63)',
});

const DURATION_TEXT = /^\d+(ms|s|min|m)?$/;

/** A duration: milliseconds as a number, or a string like `500ms`, `5s`, `2m`. */
const duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(DURATION_TEXT, { message: 'expected a duration such as 500, "500ms", "5s" or "2m"' }),
]);

/**
 * A duration dbward sends to PostgreSQL as `setting`, which holds at most MAX_POSTGRES_DURATION_MS.
 * Zod runs the refinement on a value the union refused too: that one has its own issue already.
 */
const postgresDuration = (setting: string) =>
  duration.refine(
    (value) => !DURATION_TEXT.test(String(value)) || parseDuration(value) <= MAX_POSTGRES_DURATION_MS,
    {
      message: `expected at most ${MAX_POSTGRES_DURATION_MS} ms (about 24.8 days), the largest ${setting} PostgreSQL accepts (0: no timeout)`,
    },
  );

const severity = z.enum(['off', 'warning', 'error']);

const serviceSchema = z.strictObject({
  /** Schema the service owns; defaults to the service's name. */
  schema: identifier.optional(),
  migrations: z.string().min(1).optional(),
  seeds: z.string().min(1).optional(),
  models: z.string().min(1).optional(),
  schemaFile: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  /** Services that may read this service's schema from their own code; `'*'` for all. */
  readableBy: z.union([z.literal('*'), z.array(identifier)]).optional(),
});

// is-plainly-valid-config.ts mirrors this schema so that a valid config needs no zod: change both.
export const configSchema = z.strictObject({
  /** Connection URL; `DATABASE_URL` and `--database-url` override it. Unset: embedded PGlite. */
  database: z
    .string()
    .refine((url) => url.trim() !== '', 'is blank; give a URL such as postgres://user@host:5432/dbname')
    .optional(),
  /** Server for shadow databases; unset: in-memory PGlite. */
  shadowDatabaseUrl: z.string().min(1).optional(),
  /** Directory of the embedded database when no URL is set; default `.dbward/pgdata`. */
  embeddedDataDir: z.string().min(1).optional(),
  lockTimeout: postgresDuration('lock_timeout').optional(),
  statementTimeout: postgresDuration('statement_timeout').optional(),
  services: z.record(identifier, serviceSchema).refine((s) => Object.keys(s).length > 0, {
    message: 'expected at least one service',
  }),
  migrations: z
    .strictObject({
      /** Attempts for a migration that fails to get a lock in time (SQLSTATE 55P03). */
      lockRetryAttempts: z.number().int().min(1).max(100).optional(),
      lockRetryBackoff: duration.optional(),
      /** Allow a pending migration whose id is lower than the newest applied one. */
      allowOutOfOrder: z.boolean().optional(),
    })
    .optional(),
  review: z
    .strictObject({
      rules: z.record(z.string().regex(/^[a-z0-9-]+$/), severity).optional(),
      largeTableRows: z.number().int().positive().optional(),
    })
    .optional(),
  docs: z.strictObject({ output: z.string().min(1).optional() }).optional(),
});

/** ValidatedConfig is a config the schema accepted. */
export type ValidatedConfig = z.output<typeof configSchema>;

/** DbwardConfig is what a user writes in `dbward.config.ts`. */
export type DbwardConfig = z.input<typeof configSchema>;
export type ServiceConfig = z.input<typeof serviceSchema>;
export type RuleSeverity = z.infer<typeof severity>;
