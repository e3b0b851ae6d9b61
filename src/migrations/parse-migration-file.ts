import { DbwardError } from '../errors/index.js';
import { copyFromStdinProblems } from './copy-from-stdin-problems.js';
import { InvalidUtf8Error } from './invalid-utf8.js';
import { sqlDescription, tsDescription } from './migration-description.js';
import { type MigrationFileName, parseMigrationFileName } from './migration-file-name.js';
import { migrationChecksum, readMigrationText } from './migration-file-reads.js';
import type {
  MigrationDirective,
  MigrationFile,
  MigrationFileProblem,
  MigrationSection,
} from './migration-file-types.js';
import { findMarkers, type MigrationMarker } from './migration-markers.js';
import { findDirectives, type LocatedDirective } from './parse-directives.js';
import { splitStatements } from './split-statements.js';
import { createPositionIndex, type LineColumn, splitLines } from './text-positions.js';
import { transactionControlProblems } from './transaction-control-problems.js';

export interface MigrationFileLocation {
  /** Relative to the project root, with `/`. */
  path: string;
  absolutePath: string;
  fileName: string;
}

type PositionOf = (offset: number) => LineColumn;

/** Only these attach to the statement after them; the others apply to the whole file. */
const STATEMENT_DIRECTIVES = new Set<MigrationDirective['kind']>(['allow', 'backup']);

/** The fields of a migration file that need the section scan or the SQL parser. */
export type ParsedMigrationFields = Pick<
  MigrationFile,
  'description' | 'up' | 'down' | 'directives' | 'noTransaction' | 'breaking' | 'problems'
>;

/** How many files had their sections parsed in this process: lets tests assert what was not parsed. */
let parsedFileCount = 0;

export function parsedMigrationFileCount(): number {
  return parsedFileCount;
}

/**
 * parseMigrationText reads a migration file's text (whose checksum the caller may already know) into sections, statements and directives. It
 * never throws for a bad file: what is wrong is in `problems`. Id, name, paths, checksum and text
 * are set at once; the rest is parsed the first time one of those fields is read (most files of a
 * run are already applied and need only their checksum). Read them after `loadSqlParser()`.
 */
export function parseMigrationText(
  text: string,
  file: MigrationFileLocation,
  checksum: string = migrationChecksum(text),
): MigrationFile {
  return lazyMigrationFile(file, checksum, () => text);
}

/**
 * indexedMigrationFile stands for a file whose checksum is known without reading it (the file
 * index vouched for it). Its text is read the first time it is used, and must still have that
 * checksum: a file edited while dbward runs would otherwise be applied or reviewed as one thing
 * and recorded as another, so that is an error.
 */
export function indexedMigrationFile(file: MigrationFileLocation, checksum: string): MigrationFile {
  return lazyMigrationFile(file, checksum, () => {
    let text: string;
    try {
      text = readMigrationText(file.absolutePath);
    } catch (cause: unknown) {
      throw new DbwardError('migration-file-unreadable', `read ${file.path}: ${errorMessage(cause)}`, {
        cause,
      });
    }
    const now = migrationChecksum(text);
    if (now !== checksum) {
      throw new DbwardError(
        'migration-file-changed',
        `${file.path} changed while dbward was running (checksum ${checksum.slice(0, 12)} when listed, ${now.slice(0, 12)} now); run the command again`,
      );
    }
    return text;
  });
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * unreadableMigrationFile stands for a file that could not be read: no sections, no checksum, one
 * problem: `invalid-utf8` at the first bad byte, else `load-failed`.
 */
export function unreadableMigrationFile(file: MigrationFileLocation, cause: unknown): MigrationFile {
  const fileName = parseMigrationFileName(file.fileName);
  const problem: MigrationFileProblem =
    cause instanceof InvalidUtf8Error
      ? { code: 'invalid-utf8', message: cause.message, line: cause.line, column: cause.column }
      : { code: 'load-failed', message: `read ${file.path}: ${errorMessage(cause)}`, line: 1, column: 1 };
  return {
    id: fileName.id,
    idText: fileName.idText,
    name: fileName.name,
    path: file.path,
    absolutePath: file.absolutePath,
    format: fileName.format,
    checksum: '',
    text: '',
    description: null,
    up: null,
    down: null,
    directives: [],
    noTransaction: false,
    breaking: false,
    problems: [problem],
  };
}

/**
 * lazyMigrationFile builds the file with its text and its parsed fields as own enumerable
 * accessors that compute on first use, once: spread, JSON.stringify, structuredClone and deep
 * equality read them like plain fields, and assignment works. An object literal, not
 * defineProperty, so all files share one V8 shape.
 */
function lazyMigrationFile(
  location: MigrationFileLocation,
  checksum: string,
  readText: () => string,
): MigrationFile {
  const fileName = parseMigrationFileName(location.fileName);
  let text: string | null = null;
  const textOf = (): string => {
    text ??= readText();
    return text;
  };
  let memo: ParsedMigrationFields | null = null;
  const parsed = (): ParsedMigrationFields => {
    if (memo === null) {
      memo = parseSections(textOf(), fileName);
      parsedFileCount++;
    }
    return memo;
  };
  return {
    id: fileName.id,
    idText: fileName.idText,
    name: fileName.name,
    path: location.path,
    absolutePath: location.absolutePath,
    format: fileName.format,
    checksum,
    get text() {
      return textOf();
    },
    set text(value) {
      text = value;
    },
    get description() {
      return parsed().description;
    },
    set description(value) {
      parsed().description = value;
    },
    get up() {
      return parsed().up;
    },
    set up(value) {
      parsed().up = value;
    },
    get down() {
      return parsed().down;
    },
    set down(value) {
      parsed().down = value;
    },
    get directives() {
      return parsed().directives;
    },
    set directives(value) {
      parsed().directives = value;
    },
    get noTransaction() {
      return parsed().noTransaction;
    },
    set noTransaction(value) {
      parsed().noTransaction = value;
    },
    get breaking() {
      return parsed().breaking;
    },
    set breaking(value) {
      parsed().breaking = value;
    },
    get problems() {
      return parsed().problems;
    },
    set problems(value) {
      parsed().problems = value;
    },
  };
}

/** parseSections scans the markers and directives and parses each section's statements. */
function parseSections(text: string, fileName: MigrationFileName): ParsedMigrationFields {
  const problems: MigrationFileProblem[] = fileName.problem === null ? [] : [fileName.problem];
  if (fileName.format === 'ts') {
    return {
      description: tsDescription(text),
      up: null,
      down: null,
      directives: [],
      noTransaction: false,
      breaking: false,
      problems,
    };
  }

  const lines = splitLines(text);
  const positionOf = createPositionIndex(text);
  const markers = findMarkers(lines);
  const found = findDirectives(lines);
  problems.push(...found.problems);

  const upMarker = firstMarker(markers, 'up', problems);
  const downMarker = firstMarker(markers, 'down', problems);
  if (upMarker === null) {
    problems.push({
      code: 'missing-up',
      message: 'no "-- migrate:up" line: nothing to apply',
      line: 1,
      column: 1,
    });
  }
  const readSection = (marker: MigrationMarker | null): MigrationSection | null =>
    marker === null ? null : parseSection(text, marker, markers, found.directives, positionOf, problems);
  const up = readSection(upMarker);
  const down = readSection(downMarker);

  const directives = found.directives.map((located) => located.directive);
  const noTransaction =
    directives.some((directive) => directive.kind === 'no-transaction') ||
    markers.some((marker) => marker.noTransaction);
  problems.push(...transactionControlProblems([up, down], noTransaction));
  problems.push(...copyFromStdinProblems([up, down]));
  return {
    description: sqlDescription(lines, upMarker?.line.number ?? null),
    up,
    down,
    directives,
    noTransaction,
    breaking: directives.some((directive) => directive.kind === 'breaking'),
    problems: problems.sort((a, b) => a.line - b.line || a.column - b.column),
  };
}

/** firstMarker picks the first marker of a kind; a repeated one is a problem (dbmate refuses it too). */
function firstMarker(
  markers: MigrationMarker[],
  kind: MigrationMarker['kind'],
  problems: MigrationFileProblem[],
): MigrationMarker | null {
  const ofKind = markers.filter((marker) => marker.kind === kind);
  for (const repeated of ofKind.slice(1)) {
    problems.push({
      code: 'bad-directive',
      message: `a second "-- migrate:${kind}" line; a file has one ${kind} section (first on line ${ofKind[0]?.line.number})`,
      line: repeated.line.number,
      column: 1,
    });
  }
  return ofKind[0] ?? null;
}

/** parseSection splits the text from after the marker line to the next marker (or the end). */
function parseSection(
  text: string,
  marker: MigrationMarker,
  markers: MigrationMarker[],
  directives: LocatedDirective[],
  positionOf: PositionOf,
  problems: MigrationFileProblem[],
): MigrationSection {
  const offset = marker.line.next;
  const nextMarker = markers.find((other) => other.line.start > marker.line.start);
  const sql = text.slice(offset, nextMarker?.line.start ?? text.length);
  const section: MigrationSection = { sql, offset, line: marker.line.number, statements: [] };

  const split = splitStatements(sql);
  if (!split.ok) {
    // "at end of input" would otherwise point at the next marker's line.
    const errorOffset = offset + Math.min(split.error.offset, sql.trimEnd().length);
    problems.push({ code: 'syntax-error', message: split.error.message, ...positionOf(errorOffset) });
    return section;
  }

  // A statement owns the directives in the gap since the previous statement: that gap holds only
  // comments, blanks and semicolons, because the parser consumed everything else.
  let gapStart = offset;
  for (const statement of split.statements) {
    const statementOffset = offset + statement.offset;
    section.statements.push({
      sql: statement.sql,
      offset: statementOffset,
      ...positionOf(statementOffset),
      ast: statement.ast,
      directives: directives
        .filter(
          (located) =>
            located.offset >= gapStart &&
            located.offset < statementOffset &&
            STATEMENT_DIRECTIVES.has(located.directive.kind),
        )
        .map((located) => located.directive),
    });
    gapStart = statementOffset + statement.sql.length;
  }
  return section;
}
