import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import type { MigrationFailure } from './migration-failure.js';
import { type RollbackOptions, type RollbackResult, rollbackMigrations } from './rollback-migrations.js';
import { selectServices } from './select-services.js';

export interface RollbackServicesOptions extends Omit<RollbackOptions, 'service'> {
  /** Services to roll back; rolled back in reverse config order, whatever order they are named in. */
  services: readonly string[];
}

export interface RollbackServicesResult {
  services: RollbackResult[];
  /** The first failure; services after it were not touched. */
  failure: MigrationFailure | null;
  warnings: string[];
  totalMs: number;
}

/**
 * rollbackServices rolls back several services in one run (one connection, one process), in
 * reverse config order: the order that undoes `up`. `count` and `to` apply to each service.
 */
export async function rollbackServices(
  config: ResolvedConfig,
  db: Db,
  options: RollbackServicesOptions,
): Promise<RollbackServicesResult> {
  const started = performance.now();
  const selected = selectServices(config, options.services, 'roll back');
  const results: RollbackResult[] = [];
  for (const service of [...selected].reverse()) {
    const result = await rollbackMigrations(config, db, { ...options, service: service.name });
    results.push(result);
    if (result.failure !== null) break;
  }
  return {
    services: results,
    failure: results.find((result) => result.failure !== null)?.failure ?? null,
    warnings: results.flatMap((result) => result.warnings),
    totalMs: performance.now() - started,
  };
}
