import type { Node } from 'libpg-query';

/** stringValues reads a parser name list (`[{ String: { sval } }]`), skipping anything else. */
export function stringValues(nodes: readonly Node[] | undefined): string[] {
  const values: string[] = [];
  for (const node of nodes ?? [])
    if ('String' in node && node.String.sval !== undefined) values.push(node.String.sval);
  return values;
}

/** integerValue reads an integer constant node (`A_Const` or `Integer`); the parser omits 0. */
export function integerValue(node: Node | undefined): number | null {
  if (node === undefined) return null;
  if ('A_Const' in node) return node.A_Const.ival === undefined ? null : (node.A_Const.ival.ival ?? 0);
  if ('Integer' in node) return node.Integer.ival ?? 0;
  return null;
}
