/**
 * Where a production file keeps its test code: `#[cfg(test)]` modules (or a module named `tests`) and
 * test fns outside them (in the file or in an `impl`), each with the module path it sits in. Whether a
 * fn is a test is test-attributes.ts's answer.
 */
import type { Node } from '../rust/parser.js';
import { isTestFn, isTestModule } from './test-attributes.js';

/** Test regions of a production file: `#[cfg(test)]` modules and stray test fns. */
export function testRegions(root: Node): { node: Node; prefix: string }[] {
  const out: { node: Node; prefix: string }[] = [];
  const visit = (parent: Node, prefix: string) => {
    for (const item of parent.namedChildren) {
      if (item.type === 'mod_item') {
        const name = item.childForFieldName('name')?.text ?? '';
        const body = item.childForFieldName('body');
        if (!body) continue;
        if (isTestModule(item)) out.push({ node: body, prefix: `${prefix}${name}::` });
        else visit(body, `${prefix}${name}::`);
      } else if (item.type === 'function_item' && isTestFn(item)) out.push({ node: item, prefix });
      else if (item.type === 'impl_item') {
        const body = item.childForFieldName('body');
        if (body) for (const f of body.namedChildren) if (f.type === 'function_item' && isTestFn(f)) out.push({ node: f, prefix });
      }
    }
  };
  visit(root, '');
  return out;
}

