import pg from 'pg';
import { BENCH_SERVICES, SERVICE_TABLE_NOUNS } from './bench-services.mjs';
import { seededRandom } from './seeded-random.mjs';

const COLUMN_CHOICES = [
  { name: 'status', type: 'text', kind: 'text' },
  { name: 'amount', type: 'numeric(12,2)', kind: 'number' },
  { name: 'note', type: 'text', kind: 'text' },
  { name: 'starts_on', type: 'date', kind: 'time' },
  { name: 'ends_on', type: 'date', kind: 'time' },
  { name: 'approved_at', type: 'timestamptz', kind: 'time' },
  { name: 'external_id', type: 'uuid', kind: 'other' },
  { name: 'priority', type: 'integer NOT NULL DEFAULT 0', kind: 'number' },
  { name: 'quantity', type: 'integer', kind: 'number' },
  { name: 'label', type: 'varchar(120)', kind: 'text' },
  { name: 'is_active', type: 'boolean NOT NULL DEFAULT true', kind: 'other' },
  { name: 'sort_order', type: 'smallint', kind: 'number' },
  { name: 'metadata', type: 'jsonb', kind: 'other' },
  { name: 'reference', type: 'varchar(64)', kind: 'text' },
  { name: 'currency', type: 'char(3)', kind: 'text' },
  { name: 'score', type: 'real', kind: 'number' },
  { name: 'owner_id', type: 'bigint', kind: 'number' },
  { name: 'due_on', type: 'date', kind: 'time' },
];

// Share of each kind once a service has tables; the first migration of a service creates one.
const KIND_WEIGHTS = [
  ['create-table', 0.14],
  ['add-column', 0.34],
  ['create-index', 0.2],
  ['add-check', 0.12],
  ['comment', 0.2],
];

const q = pg.escapeIdentifier;
const lit = pg.escapeLiteral;

/**
 * generateMigrations returns `count` small logical migrations spread round-robin over the
 * services, each with the exact down that undoes it (running every down in reverse order
 * leaves the schemas empty). Deterministic for a given seed. `acknowledge` lists the review
 * findings a team would acknowledge on such a migration (dbward's `up` reviews before applying).
 */
export function generateMigrations(count, seed = 20261122) {
  const random = seededRandom(seed);
  const states = new Map(BENCH_SERVICES.map((s) => [s, { tables: [], nextId: 1, tableSerial: 0 }]));
  const migrations = [];
  for (let n = 0; n < count; n++) {
    const service = BENCH_SERVICES[n % BENCH_SERVICES.length];
    const state = states.get(service);
    const change = nextChange(service, state, random);
    const id = state.nextId++;
    migrations.push({ service, id, ...change });
  }
  return migrations;
}

function nextChange(service, state, random) {
  if (state.tables.length === 0) return createTable(service, state, random);
  for (;;) {
    const change = tryKind(chooseKind(random), service, state, random);
    if (change) return change;
  }
}

function chooseKind(random) {
  let roll = random.next();
  for (const [kind, weight] of KIND_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'add-column';
}

function tryKind(kind, service, state, random) {
  switch (kind) {
    case 'create-table':
      return createTable(service, state, random);
    case 'add-column':
      return addColumn(state, random);
    case 'create-index':
      return createIndex(state, random);
    case 'add-check':
      return addCheck(state, random);
    case 'comment':
      return comment(state, random);
    default:
      throw new Error(`unknown migration kind ${kind}`);
  }
}

function createTable(service, state, random) {
  const nouns = SERVICE_TABLE_NOUNS[service];
  const noun = nouns[state.tableSerial % nouns.length];
  const round = Math.floor(state.tableSerial / nouns.length);
  state.tableSerial++;
  const name = round === 0 ? noun : `${noun}_${round + 1}`;
  const table = {
    name,
    columns: [
      { name: 'id', kind: 'key' },
      { name: 'created_at', kind: 'time' },
      { name: 'name', kind: 'text' },
    ],
    indexed: new Set(['id']),
    checked: new Set(),
    tableComment: null,
    columnComments: new Map(),
  };
  state.tables.push(table);
  const extra = random.pick(COLUMN_CHOICES);
  table.columns.push(extra);
  return {
    name: `create_${name}`,
    description: `Create table ${name}`,
    up: [
      `CREATE TABLE ${q(name)} (`,
      `  ${q('id')} bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,`,
      `  ${q('created_at')} timestamptz NOT NULL DEFAULT now(),`,
      `  ${q('name')} text NOT NULL,`,
      `  ${q(extra.name)} ${extra.type}`,
      ');',
    ].join('\n'),
    down: `DROP TABLE ${q(name)};`,
  };
}

function addColumn(state, random) {
  const table = random.pick(state.tables);
  const taken = new Set(table.columns.map((c) => c.name));
  const free = COLUMN_CHOICES.filter((c) => !taken.has(c.name));
  const column =
    free.length > 0
      ? random.pick(free)
      : { name: `extra_${table.columns.length}`, type: 'text', kind: 'text' };
  table.columns.push(column);
  return {
    name: `add_${table.name}_${column.name}`,
    description: `Add ${column.name} to ${table.name}`,
    up: `ALTER TABLE ${q(table.name)} ADD COLUMN ${q(column.name)} ${column.type};`,
    down: `ALTER TABLE ${q(table.name)} DROP COLUMN ${q(column.name)};`,
  };
}

function createIndex(state, random) {
  const table = random.pick(state.tables);
  const candidates = table.columns.filter((c) => !table.indexed.has(c.name) && c.kind !== 'other');
  if (candidates.length === 0) return null;
  const column = random.pick(candidates);
  table.indexed.add(column.name);
  const index = `${table.name}_${column.name}_idx`;
  return {
    name: `index_${table.name}_${column.name}`,
    description: `Index ${table.name}.${column.name}`,
    acknowledge: [{ rule: 'create-index-not-concurrently', reason: 'small table; a short lock is fine' }],
    up: `CREATE INDEX ${q(index)} ON ${q(table.name)} (${q(column.name)});`,
    down: `DROP INDEX ${q(index)};`,
  };
}

function addCheck(state, random) {
  const table = random.pick(state.tables);
  const candidates = table.columns.filter(
    (c) => !table.checked.has(c.name) && (c.kind === 'number' || c.kind === 'text'),
  );
  if (candidates.length === 0) return null;
  const column = random.pick(candidates);
  table.checked.add(column.name);
  const constraint = `${table.name}_${column.name}_check`;
  const condition =
    column.kind === 'number' ? `${q(column.name)} >= 0` : `char_length(${q(column.name)}) <= 500`;
  return {
    name: `check_${table.name}_${column.name}`,
    description: `Check ${table.name}.${column.name}`,
    acknowledge: [{ rule: 'constraint-not-valid', reason: 'small table; validating at once is fine' }],
    up: `ALTER TABLE ${q(table.name)} ADD CONSTRAINT ${q(constraint)} CHECK (${condition});`,
    down: `ALTER TABLE ${q(table.name)} DROP CONSTRAINT ${q(constraint)};`,
  };
}

function comment(state, random) {
  const table = random.pick(state.tables);
  const onColumn = random.next() < 0.6;
  const column = onColumn ? random.pick(table.columns) : null;
  const target = column ? `COLUMN ${q(table.name)}.${q(column.name)}` : `TABLE ${q(table.name)}`;
  const previous = column ? (table.columnComments.get(column.name) ?? null) : table.tableComment;
  const version = (previous?.match(/\(v(\d+)\)$/)?.[1] ?? 0) * 1 + 1;
  const text = column
    ? `${column.name} of ${table.name}; the owner's notes (v${version})`
    : `${table.name}: rows owned by this service (v${version})`;
  if (column) table.columnComments.set(column.name, text);
  else table.tableComment = text;
  const slug = column ? `${table.name}_${column.name}` : table.name;
  return {
    name: `comment_${slug}`,
    description: `Describe ${column ? `${table.name}.${column.name}` : table.name}`,
    up: `COMMENT ON ${target} IS ${lit(text)};`,
    // The exact down restores what was there before, not just NULL.
    down: `COMMENT ON ${target} IS ${previous === null ? 'NULL' : lit(previous)};`,
  };
}
