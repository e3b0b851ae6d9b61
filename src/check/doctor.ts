import { type LoadConfigOptions, loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { openDb } from '../db/open-db.js';
import { redactUrl } from '../db/redact-url.js';
import { isDbwardError } from '../errors/dbward-error.js';

export interface DoctorReport {
  configFile: string | null;
  configError: string | null;
  services: { name: string; schema: string; migrationsDir: string }[];
  database: string | null;
  connected: boolean;
  serverVersion: string | null;
  connectError: string | null;
  /** Schemas of the configured services that exist in the database. */
  existingSchemas: string[];
}

/** runDoctor reports the config found, its services, and whether the database answers. */
export async function runDoctor(options: LoadConfigOptions): Promise<DoctorReport> {
  const report: DoctorReport = {
    configFile: null,
    configError: null,
    services: [],
    database: null,
    connected: false,
    serverVersion: null,
    connectError: null,
    existingSchemas: [],
  };
  let config: ResolvedConfig;
  try {
    config = await loadConfig(options);
  } catch (error) {
    if (!isDbwardError(error)) throw error;
    report.configError = error.message;
    return report;
  }
  report.configFile = config.configFile;
  report.services = config.services.map((s) => ({
    name: s.name,
    schema: s.schema,
    migrationsDir: s.migrationsDir,
  }));
  report.database =
    config.database.kind === 'url'
      ? redactUrl(config.database.url)
      : `embedded PGlite at ${config.database.dataDir}`;
  try {
    const db = await openDb(config.database);
    try {
      report.serverVersion = await db.serverVersion();
      report.connected = true;
      const found = await db.query<{ nspname: string }>(
        'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname',
        [config.services.map((s) => s.schema)],
      );
      report.existingSchemas = found.rows.map((r) => r.nspname);
    } finally {
      await db.close();
    }
  } catch (error) {
    if (!isDbwardError(error)) throw error;
    report.connectError = error.message;
  }
  return report;
}
