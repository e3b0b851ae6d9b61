import type { Node } from 'libpg-query';
import { stringValues } from './string-values.js';

/** A function call in a parse tree: its name parts as written (`schema`, `name`) and position. */
export interface FunctionCall {
  names: string[];
  location: number | undefined;
}

/**
 * functionCalls lists the FuncCall nodes under `root`, depth first. Parser nodes are
 * `{ Kind: {...} }`, so a key names the kind of the node it holds; keys in `skip` (parts of a
 * statement that are stored for later rather than run) are not entered.
 */
export function functionCalls(root: unknown, skip: ReadonlySet<string> = new Set()): FunctionCall[] {
  const found: FunctionCall[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (skip.has(key)) continue;
      if (key === 'FuncCall' && child !== null && typeof child === 'object') {
        const call = child as { funcname?: Node[]; location?: number };
        found.push({ names: stringValues(call.funcname), location: call.location });
      }
      visit(child);
    }
  };
  visit(root);
  return found;
}
