import type { MigrationFile } from './migration-file-types.js';

/** MigrationRef names one migration in results: its id, name and file. */
export interface MigrationRef {
  id: number;
  name: string;
  file: string;
}

export function migrationRefOf(file: MigrationFile): MigrationRef {
  return { id: file.id, name: file.name, file: file.path };
}
