/**
 * A crate fn called from async code whose summary says it blocks or burns CPU, in the shape the
 * async messages name it: `load_config(..)`, and where the blocking call is written.
 */
import type { Node } from '../../../rust/parser.js';
import type { FileContext } from '../../define-rule.js';
import type { Evidence } from '../../../model/index.js';

export function calledHelper(ctx: FileContext, call: Node, what: 'blocks' | 'cpuHeavy'): { name: string; evidence: Evidence; at: string } | undefined {
  const found = ctx.model.calleesAll(call, what);
  if (!found) return undefined;
  const { ref, evidence } = found;
  const at = evidence.path === ctx.path ? `line ${evidence.line}` : `${evidence.path}:${evidence.line}`;
  return { name: ref.fn.owner && !ref.fn.hasSelf ? `${ref.fn.owner}::${ref.fn.name}` : ref.fn.name, evidence, at };
}
