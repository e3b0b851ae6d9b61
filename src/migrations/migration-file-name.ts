import type { MigrationFile, MigrationFileProblem } from './migration-file-types.js';

export type MigrationFileName = Pick<MigrationFile, 'id' | 'idText' | 'name' | 'format'> & {
  /** Set when the name is not `<digits>_<name>.sql` or `.ts`; the other fields are best guesses. */
  problem: MigrationFileProblem | null;
};

const VALID = /^(\d+)_([^/\\]+)\.(sql|ts)$/;

/** parseMigrationFileName reads `0003_add_x.sql` as id 3, idText `0003`, name `add_x`. */
export function parseMigrationFileName(fileName: string): MigrationFileName {
  const format = fileName.endsWith('.ts') ? 'ts' : 'sql';
  const valid = VALID.exec(fileName);
  if (valid !== null) {
    const idText = valid[1] ?? '';
    return { id: Number(idText), idText, name: valid[2] ?? '', format, problem: null };
  }
  const idText = /^\d*/.exec(fileName)?.[0] ?? '';
  const stem = fileName.replace(/\.[^.]*$/, '');
  return {
    id: idText === '' ? 0 : Number(idText),
    idText,
    name: stem.slice(idText.length).replace(/^[^A-Za-z0-9]+/, ''),
    format,
    problem: {
      code: 'bad-file-name',
      message: `migration file name "${fileName}" does not match <number>_<name>.sql or <number>_<name>.ts`,
      line: 1,
      column: 1,
    },
  };
}
