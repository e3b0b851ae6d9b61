import type { Node } from 'libpg-query';
import { stringValues } from '../ast/string-values.js';

/**
 * Built-in functions a migration's SELECT commonly calls that cannot run DDL. Any other function
 * (one the estate defines, an extension's such as create_hypertable, set_config changing the
 * search_path) may change schemas, so a query calling it counts as an unknown change.
 */
const SIDE_EFFECT_FREE = new Set(
  (
    'abs array_agg array_length avg bool_and bool_or cardinality ceil ceiling char_length clock_timestamp ' +
    'coalesce concat concat_ws count current_database current_schema current_setting currval date_part ' +
    'date_trunc decode encode exists extract floor format gen_random_uuid generate_series greatest ' +
    'has_schema_privilege has_table_privilege json_agg json_build_array json_build_object jsonb_agg ' +
    'jsonb_build_array jsonb_build_object jsonb_set least left length lower ltrim make_interval max md5 min ' +
    'nextval now nullif octet_length pg_advisory_lock pg_advisory_unlock pg_advisory_xact_lock ' +
    'pg_get_serial_sequence pg_notify pg_sleep pg_try_advisory_lock pg_try_advisory_xact_lock position ' +
    'random regexp_replace repeat replace right round row_number rtrim setval split_part statement_timestamp ' +
    'string_agg substr substring sum to_char to_date to_json to_jsonb to_number to_regclass to_regtype ' +
    'to_timestamp transaction_timestamp trim trunc unnest upper uuid_generate_v4 version'
  ).split(' '),
);

/** calledFunctionsMayChangeSchemas: whether a query calls any function outside that list. */
export function calledFunctionsMayChangeSchemas(ast: Node): boolean {
  let unsafe = false;
  const visit = (value: unknown): void => {
    if (unsafe || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if ('FuncCall' in value) {
      const names = stringValues((value as { FuncCall: { funcname?: Node[] } }).FuncCall.funcname);
      const schema = names.length > 1 ? names.at(-2) : 'pg_catalog';
      if (schema !== 'pg_catalog' || !SIDE_EFFECT_FREE.has(names.at(-1) ?? '')) unsafe = true;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(ast);
  return unsafe;
}
