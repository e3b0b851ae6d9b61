import v8 from 'node:v8';
import type { Node } from 'libpg-query';
import { DbwardError } from '../errors/index.js';
import { codePointToCharOffset, createByteToCharIndex } from './utf8-offsets.js';

/**
 * The one wrapper around libpg-query (the real Postgres parser, compiled to WASM). Everything it
 * returns uses JS string indexes, so callers never see the parser's byte offsets.
 */

/** A statement as the parser delimits it: `[start, end)` may include leading/trailing comments. */
export interface ParsedStatement {
  ast: Node;
  start: number;
  end: number;
}

export interface SqlSyntaxError {
  /** The parser's message (`syntax error at or near "selec"`). */
  message: string;
  /** JS index into the parsed text where the parser stopped. */
  offset: number;
}

export type ParseSqlResult =
  | { ok: true; statements: ParsedStatement[] }
  | { ok: false; error: SqlSyntaxError };

export type SqlTokenKind = 'comment' | 'semicolon' | 'other';

/** A lexical token; `[start, end)` are JS indexes. */
export interface SqlToken {
  kind: SqlTokenKind;
  start: number;
  end: number;
}

type LibpgQuery = typeof import('libpg-query');

let loading: Promise<void> | null = null;
// The package itself is imported on first load too: a run answered from the review cache never
// needs it (~30 ms of module loading, ~100 ms with its WASM).
let parser: LibpgQuery | null = null;

/** ~55 times V8's default: a review of one changed file never tiers up; 2,000 files do. */
const PARSER_WASM_TIERING_BUDGET = 100_000_000;
/** V8's default in Node 20 (`node --v8-options`). */
const V8_DEFAULT_WASM_TIERING_BUDGET = 1_800_000;

/** loadSqlParser loads the parser's WASM module once; later calls return the same promise. */
export function loadSqlParser(): Promise<void> {
  loading ??= import('libpg-query')
    .then(async (module) => {
      // V8 soon starts optimizing the parser's big WASM functions in the background, and Node
      // waits for that work at the next turn of the event loop: 30-170 ms measured on a run that
      // parses one file. A larger tiering budget, read when the module is instantiated, lets short
      // runs finish first; long runs still get optimized code. Restored at once, so that PGlite,
      // loaded later, keeps V8's default.
      v8.setFlagsFromString(`--wasm-tiering-budget=${PARSER_WASM_TIERING_BUDGET}`);
      try {
        await module.loadModule();
      } finally {
        v8.setFlagsFromString(`--wasm-tiering-budget=${V8_DEFAULT_WASM_TIERING_BUDGET}`);
      }
      parser = module;
    })
    .then(
      () => {},
      (cause: unknown) => {
        // Forget the failure so a later call can try again.
        loading = null;
        throw new DbwardError(
          'sql-parser-load-failed',
          'load the SQL parser: the WASM module failed to load',
          {
            cause,
          },
        );
      },
    );
  return loading;
}

function loadedParser(action: string): LibpgQuery {
  if (parser === null) {
    throw new DbwardError(
      'sql-parser-not-loaded',
      `${action}: the SQL parser is not loaded; await loadSqlParser() first`,
    );
  }
  return parser;
}

/** parseSql parses `text` synchronously; a syntax error is returned, not thrown. */
export function parseSql(text: string): ParseSqlResult {
  const { parseSync } = loadedParser('parse SQL');
  // libpg-query rejects an empty string, while Postgres treats it as no statements.
  if (text === '') return { ok: true, statements: [] };
  let raw: ReturnType<LibpgQuery['parseSync']>;
  try {
    raw = parseSync(text);
  } catch (error: unknown) {
    return { ok: false, error: toSyntaxError(text, error, loadedParser('parse SQL')) };
  }
  const byteToChar = createByteToCharIndex(text);
  const statements: ParsedStatement[] = [];
  for (const rawStatement of raw.stmts ?? []) {
    if (rawStatement.stmt === undefined) continue;
    // The first statement's location is omitted when 0; a missing length means "to the end".
    const startByte = rawStatement.stmt_location ?? 0;
    const start = byteToChar(startByte);
    const end =
      rawStatement.stmt_len === undefined ? text.length : byteToChar(startByte + rawStatement.stmt_len);
    statements.push({ ast: rawStatement.stmt, start, end });
  }
  return { ok: true, statements };
}

function toSyntaxError(text: string, error: unknown, { hasSqlDetails }: LibpgQuery): SqlSyntaxError {
  if (hasSqlDetails(error) && error.sqlDetails !== undefined) {
    return {
      message: error.sqlDetails.message || error.message,
      offset: codePointToCharOffset(text, error.sqlDetails.cursorPosition),
    };
  }
  return { message: error instanceof Error ? error.message : String(error), offset: 0 };
}

const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/** scanSql returns the lexical tokens of `text` (which must lex: call it after a successful parse). */
export function scanSql(text: string): SqlToken[] {
  const { scanSync } = loadedParser('scan SQL');
  if (text === '') return [];
  const byteToChar = createByteToCharIndex(text);
  return (scanSync(text).tokens ?? []).map((token) => ({
    kind: COMMENT_TOKENS.has(token.tokenName) ? 'comment' : token.text === ';' ? 'semicolon' : 'other',
    start: byteToChar(token.start),
    end: byteToChar(token.end),
  }));
}
