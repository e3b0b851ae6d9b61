import type { ValidatedConfig } from './config-schema.js';

/** A problem between services: the key path it is at and what it is. */
export interface ServiceProblem {
  path: string[];
  message: string;
}

/**
 * serviceProblem is the first problem the config schema cannot see, across services: a schema
 * PostgreSQL refuses (`pg_...`), two services owning one schema (reported at the second), or
 * `readableBy` naming no service. A schema not written is the service's name: then the problem is
 * at the service.
 */
export function serviceProblem(config: ValidatedConfig): ServiceProblem | null {
  const owners = new Map<string, string>();
  for (const [name, service] of Object.entries(config.services)) {
    const schema = service.schema ?? name;
    if (schema.startsWith('pg_')) {
      const message = `schema "${schema}": PostgreSQL reserves names starting with pg_ for system schemas and refuses to create one (SQLSTATE 42939)`;
      return service.schema === undefined
        ? { path: ['services', name], message: `${message}; give the service a schema` }
        : { path: ['services', name, 'schema'], message };
    }
    const owner = owners.get(schema);
    if (owner !== undefined) {
      const message = `schema "${schema}" is already owned by service "${owner}"`;
      return service.schema === undefined
        ? { path: ['services', name], message: `${message} (give it a schema)` }
        : { path: ['services', name, 'schema'], message };
    }
    owners.set(schema, name);
  }
  for (const [name, service] of Object.entries(config.services)) {
    if (service.readableBy === undefined || service.readableBy === '*') continue;
    for (const reader of service.readableBy) {
      if (!Object.hasOwn(config.services, reader)) {
        return { path: ['services', name, 'readableBy'], message: `unknown service "${reader}"` };
      }
    }
  }
  return null;
}
