/**
 * The names PostgreSQL generates for unnamed constraints, indexes and sequences, following
 * makeObjectName, ChooseRelationName / ChooseConstraintName and the "name addition" helpers of
 * indexcmds.c: `<name1>_<name2>_<label>`, shortened to 63 bytes by trimming the longer of name1 and
 * name2 (never the label), then `<label>1`, `<label>2`... until the name is free.
 */

/** NAMEDATALEN - 1: the longest identifier, in bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** clipToBytes keeps at most `bytes` bytes of `text` without splitting a character (pg_mbcliplen). */
export function clipToBytes(text: string, bytes: number): string {
  let result = '';
  let used = 0;
  for (const char of text) {
    const size = byteLength(char);
    if (used + size > bytes) break;
    result += char;
    used += size;
  }
  return result;
}

/** truncateIdentifier is what the lexer does to a name longer than 63 bytes. */
export function truncateIdentifier(name: string): string {
  return byteLength(name) > MAX_IDENTIFIER_BYTES ? clipToBytes(name, MAX_IDENTIFIER_BYTES) : name;
}

/** makeObjectName builds `name1[_name2][_label]`, trimming name1/name2 to fit 63 bytes. */
export function makeObjectName(name1: string, name2: string | null, label: string): string {
  let name1Bytes = byteLength(name1);
  let name2Bytes = name2 === null ? 0 : byteLength(name2);
  const overhead = (name2 === null ? 0 : 1) + byteLength(label) + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes--;
    else name2Bytes--;
  }
  const first = clipToBytes(name1, name1Bytes);
  const second = name2 === null ? null : clipToBytes(name2, name2Bytes);
  return `${first}${second === null ? '' : `_${second}`}_${label}`;
}

/** chooseName is the first of `<name1>_<name2>_<label>`, `..._<label>1`, ... that `taken` accepts. */
export function chooseName(
  name1: string,
  name2: string | null,
  label: string,
  taken: (name: string) => boolean,
): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken(name)) return name;
  }
}

/**
 * nameAddition joins column names with `_` as ChooseForeignKeyConstraintNameAddition and
 * ChooseIndexNameAddition do, stopping once the result reaches 64 bytes (makeObjectName trims the
 * rest); null for no columns.
 */
export function nameAddition(columns: readonly string[]): string | null {
  if (columns.length === 0) return null;
  let result = '';
  for (const column of columns) {
    if (result !== '') result += '_';
    result += clipToBytes(column, MAX_IDENTIFIER_BYTES);
    if (byteLength(result) >= MAX_IDENTIFIER_BYTES + 1) break;
  }
  return result;
}

/**
 * indexColumnNames de-duplicates an index's column names as ChooseIndexColumnNames does
 * (`a`, `a1`, `a2`...), for the name addition of a generated index name.
 */
export function indexColumnNames(names: readonly string[]): string[] {
  const result: string[] = [];
  for (const original of names) {
    let current = original;
    for (let i = 1; result.includes(current); i++) {
      const suffix = String(i);
      current = `${clipToBytes(original, MAX_IDENTIFIER_BYTES - suffix.length)}${suffix}`;
    }
    result.push(current);
  }
  return result;
}
