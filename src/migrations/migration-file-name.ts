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
    const id = Number(idText);
    return { id, idText, name: valid[2] ?? '', format, problem: idProblem(fileName, id) };
  }
  const idText = /^\d*/.exec(fileName)?.[0] ?? '';
  const stem = fileName.replace(/\.[^.]*$/, '');
  const upperCase = /\.(sql|ts)$/i.exec(fileName);
  if (
    upperCase !== null &&
    VALID.test(fileName.slice(0, -upperCase[0].length) + upperCase[0].toLowerCase())
  ) {
    return {
      id: Number(idText),
      idText,
      name: stem.slice(idText.length).replace(/^_/, ''),
      format: upperCase[1]?.toLowerCase() === 'ts' ? 'ts' : 'sql',
      problem: {
        code: 'bad-file-name',
        message: `migration file name "${fileName}": write the extension in lower case (.sql or .ts)`,
        line: 1,
        column: 1,
      },
    };
  }
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

/** The largest id: 15 digits, exact as a JavaScript number and as `--to` accepts it (dbmate's timestamps have 14). */
export const MAX_MIGRATION_ID = 999_999_999_999_999;

/**
 * idProblem: ids start at 1, because `down --to 0` means "roll back everything", and stay exact
 * (a longer number would be rounded, and two files could share an id without anyone seeing it).
 */
function idProblem(fileName: string, id: number): MigrationFileProblem | null {
  if (id >= 1 && id <= MAX_MIGRATION_ID) return null;
  return {
    code: 'bad-file-name',
    message:
      id === 0
        ? `migration file name "${fileName}": ids start at 1 (0 stands for "before the first migration" in down --to 0)`
        : `migration file name "${fileName}": the id has more than 15 digits; use a shorter number (a timestamp such as 20261202143000 fits)`,
    line: 1,
    column: 1,
  };
}
