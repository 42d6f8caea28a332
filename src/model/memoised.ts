/**
 * Work memoised per key: code that runs only when a map lacks a key and whose result goes into that
 * map (`if !cache.contains_key(&k) { cache.insert(k, load(k)?); }`,
 * `cache.entry(k).or_insert_with(|| load(k))`). In a loop it runs once per distinct key, not once
 * per item: a lookup cache, which is what a loop over items with repeated keys should do, not an N+1.
 * The map methods are std's `HashMap` / `BTreeMap` API (the same as model/presence.ts reads).
 */
import type { Node } from '../rust/parser.js';
import { methodName, methodReceiver } from '../rust/syntax.js';
import { KEYED_INIT_METHODS } from '../catalogue/executor.js';

const compact = (n: Node | null): string => n?.text.replace(/\s+/g, '') ?? '';
const isMethod = (n: Node | null | undefined, name: string | readonly string[]): n is Node =>
  !!n && n.type === 'call_expression' && (typeof name === 'string' ? methodName(n) === name : name.includes(methodName(n) ?? ''));

/** `node`, somewhere below `within` (a loop or a per-item closure), runs only on a miss of a map it then fills. */
export function memoisedByKey(node: Node, within: Node): boolean {
  for (let a: Node | null = node.parent; a && a.id !== within.id; a = a.parent) {
    if (a.type === 'closure_expression' && a.parent?.type === 'arguments') {
      const call = a.parent.parent;
      if (isMethod(call, KEYED_INIT_METHODS) && isMethod(methodReceiver(call), 'entry')) return true;
    }
    if (a.type !== 'if_expression') continue;
    const consequence = a.childForFieldName('consequence');
    if (!consequence || node.startIndex < consequence.startIndex || node.endIndex > consequence.endIndex) continue;
    const map = missedMap(a.childForFieldName('condition'));
    if (map && consequence.descendantsOfType('call_expression').some((c) => isMethod(c, 'insert') && compact(methodReceiver(c)) === map)) return true;
  }
  return false;
}

/** The map a condition finds lacking a key (`!map.contains_key(k)`, `map.get(k).is_none()`), as written without spaces. */
function missedMap(condition: Node | null): string | null {
  if (!condition) return null;
  if (condition.type === 'unary_expression' && condition.text.trimStart().startsWith('!')) {
    const inner = condition.namedChildren[0];
    if (isMethod(inner, 'contains_key')) return compact(methodReceiver(inner)) || null;
  }
  if (condition.type === 'call_expression' && methodName(condition) === 'is_none') {
    const get = methodReceiver(condition);
    if (isMethod(get, 'get')) return compact(methodReceiver(get)) || null;
  }
  return null;
}
