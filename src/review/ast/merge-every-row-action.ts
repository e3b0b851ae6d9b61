import type { ColumnRef, MergeStmt } from 'libpg-query';
import { stringValues } from './string-values.js';

type ParserObject = Record<string, unknown>;

function isObject(value: unknown): value is ParserObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** columnRefs lists the column references anywhere in an expression (subqueries included). */
function columnRefs(expression: unknown): ColumnRef[] {
  const found: ColumnRef[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'ColumnRef' && isObject(child)) found.push(child as ColumnRef);
      visit(child);
    }
  };
  visit(expression);
  return found;
}

/**
 * mentionsTarget says whether a join condition names a column of the MERGE's target. An
 * unqualified column counts: without the source's columns dbward cannot tell whose it is.
 */
function mentionsTarget(merge: MergeStmt): boolean {
  const target = merge.relation?.alias?.aliasname ?? merge.relation?.relname;
  return columnRefs(merge.joinCondition).some((ref) => {
    const fields = ref.fields ?? [];
    const last = fields.at(-1);
    const names = stringValues(fields);
    // `t.col` is [t, col]; `t.*` is [t, A_Star]; `col` alone has no qualifier.
    const qualifier =
      last !== undefined && 'A_Star' in last ? names.at(-1) : names.length > 1 ? names.at(-2) : undefined;
    return qualifier === undefined || qualifier === target;
  });
}

/**
 * mergeActionOnEveryRow is the action of a MERGE that can reach every row of its target: an
 * unconditional `WHEN MATCHED THEN DELETE / UPDATE` on a join condition that does not mention the
 * target (`ON true`, `ON 1 = 1`, `ON s.flag`), so every target row matches. It is MERGE's spelling
 * of a DELETE ... USING or UPDATE ... FROM without WHERE. A condition on the target's columns says
 * which rows, as a WHERE does; `WHEN NOT MATCHED BY SOURCE` deletes what the source lacks, which is
 * its point. Null when neither applies.
 */
export function mergeActionOnEveryRow(merge: MergeStmt): 'delete' | 'update' | null {
  if (mentionsTarget(merge)) return null;
  for (const node of merge.mergeWhenClauses ?? []) {
    if (!('MergeWhenClause' in node)) continue;
    const clause = node.MergeWhenClause;
    if (clause.matchKind !== 'MERGE_WHEN_MATCHED' || clause.condition !== undefined) continue;
    if (clause.commandType === 'CMD_DELETE') return 'delete';
    if (clause.commandType === 'CMD_UPDATE') return 'update';
  }
  return null;
}
