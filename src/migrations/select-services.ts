import type { ResolvedConfig, ResolvedService } from '../config/resolved-config.js';
import { DbwardError } from '../errors/dbward-error.js';

/**
 * selectServices returns the named services in config order (all of them when none are named);
 * an unknown name is bad usage (exit 2) listing the known ones.
 */
export function selectServices(
  config: ResolvedConfig,
  names: readonly string[] | undefined,
  action: string,
): ResolvedService[] {
  if (names === undefined || names.length === 0) return config.services;
  const known = new Set(config.services.map((service) => service.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new DbwardError(
      'unknown-service',
      `${action}: unknown service ${unknown.map((name) => `"${name}"`).join(', ')} (services: ${[...known].join(', ')})`,
      { exitCode: 2 },
    );
  }
  return config.services.filter((service) => names.includes(service.name));
}

/** findService returns one service by name, or the same unknown-service error. */
export function findService(config: ResolvedConfig, name: string, action: string): ResolvedService {
  const [service] = selectServices(config, [name], action);
  if (service === undefined)
    throw new DbwardError('unknown-service', `${action}: unknown service "${name}"`, { exitCode: 2 });
  return service;
}
