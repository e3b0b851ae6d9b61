import path from 'node:path';
import type { ResolvedService } from '../../src/config/resolved-config.js';

/** authService is the `auth` service of a project in `rootDir`, its migrations in `migrationsDir`. */
export function authService(rootDir: string, migrationsDir: string): ResolvedService {
  return {
    name: 'auth',
    schema: 'auth',
    migrationsDir,
    seedsDir: path.join(rootDir, 'seeds/auth'),
    modelsFile: path.join(rootDir, 'services/auth/models.ts'),
    schemaFile: path.join(rootDir, 'services/auth/schema.sql'),
    sourceDir: path.join(rootDir, 'src/services/auth'),
    readableBy: [],
  };
}
