/**
 * Speed for syntax-only rules on web-tree-sitter. Every Node getter (`type`, `parent`, `text`, ...)
 * crosses into WASM and every traversal step allocates a fresh Node, so rules that walk function
 * bodies and ancestors spend most of their time marshalling. Trees are never edited here, so:
 *
 * - a tree is flattened once (one native `descendantsOfType` call) into pre-order arrays with each
 *   node's subtree end and parent, and `descendants()` becomes array slicing;
 * - Node getters are memoised per instance, and `parent` / children return the flattened (canonical)
 *   instances, so what one rule computed on a node is free for the next.
 */
import { Node, type Tree } from 'web-tree-sitter';

export interface TreeIndex {
  /** Pre-order, the root first. ERROR nodes are left out (their children are kept). */
  nodes: Node[];
  /** Exclusive end (in `nodes`) of each node's subtree. */
  end: number[];
  /** Index of each node's parent (-1 for the root). */
  parent: number[];
  byId: Map<number, number>;
  /** With ERROR nodes left out, parents in the index may skip one: use the real getter then. */
  exactParents: boolean;
}

const indexes = new WeakMap<Tree, TreeIndex>();
let allTypes: string[] | undefined;

export function treeIndex(tree: Tree): TreeIndex {
  let index = indexes.get(tree);
  if (!index) {
    index = buildIndex(tree);
    indexes.set(tree, index);
  }
  return index;
}

function buildIndex(tree: Tree): TreeIndex {
  // Not 'ERROR': asking descendantsOfType for symbol 65535 makes it return nothing at all.
  allTypes ??= [...new Set(tree.language.types.filter((t): t is string => !!t))];
  const root = tree.rootNode;
  // descendantsOfType includes the node itself when its type is asked for.
  const found = root.descendantsOfType(allTypes).filter((n): n is Node => n !== null);
  const nodes = found[0]?.id === root.id ? found : [root, ...found];
  const n = nodes.length;
  // Plain arrays, not typed ones: typed arrays count as external memory and would blur the
  // "WASM memory stays flat" measurement.
  const end: number[] = new Array(n).fill(n);
  const parent: number[] = new Array(n).fill(-1);
  const byId = new Map<number, number>();
  const ends: number[] = new Array(n).fill(0);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    byId.set(node.id, i);
    const start = node.startIndex;
    const stop = (ends[i] = node.endIndex);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (start >= nodes[top]!.startIndex && stop <= ends[top]! && !(start === stop && start === ends[top] && ends[top] > nodes[top]!.startIndex)) break;
      end[top] = i;
      stack.pop();
    }
    parent[i] = stack.length ? stack[stack.length - 1]! : -1;
    stack.push(i);
  }
  return { nodes, end, parent, byId, exactParents: !root.hasError };
}

/** The flattened instance for `node` (shares memoised getters), or `node` itself. */
export function canonical(node: Node): Node {
  const index = indexes.get(node.tree);
  const i = index?.byId.get(node.id);
  return i === undefined ? node : index!.nodes[i]!;
}

/** Pre-order descendants of `node` (not `node`), skipping below nodes for which `stop` is true. */
export function* indexedDescendants(node: Node, stop?: (n: Node) => boolean): Generator<Node> {
  const index = treeIndex(node.tree);
  const at = index.byId.get(node.id);
  if (at === undefined) return;
  const last = index.end[at]!;
  for (let i = at + 1; i < last; ) {
    const d = index.nodes[i]!;
    yield d;
    i = stop && stop(d) ? index.end[i]! : i + 1;
  }
}

let patched = false;

const UNSET = Symbol('unset');

/** One fixed-shape record per Node instance: cheaper than many ad-hoc properties on the instance. */
class Memo {
  type: unknown = UNSET;
  typeId: unknown = UNSET;
  endIndex: unknown = UNSET;
  endPosition: unknown = UNSET;
  text: unknown = UNSET;
  isNamed: unknown = UNSET;
  childCount: unknown = UNSET;
  parent: unknown = UNSET;
  children: unknown = UNSET;
  namedChildren: unknown = UNSET;
  fields: Map<string, Node | null> | undefined = undefined;
}

type Memoised = Node & { __memo?: Memo };
const memoOf = (node: Memoised): Memo => node.__memo ?? (node.__memo = new Memo());

/** Memoises Node getters per instance; `parent` and children resolve to flattened instances. */
export function patchNodeGetters(): void {
  if (patched) return;
  patched = true;
  const proto = Node.prototype as unknown as Record<string | symbol, unknown>;
  const memo = (name: Exclude<keyof Memo, 'fields'>, compute: (self: Node, original: (this: Node) => unknown) => unknown) => {
    const original = Object.getOwnPropertyDescriptor(Node.prototype, name)?.get;
    if (!original) return;
    Object.defineProperty(proto, name, {
      configurable: true,
      get(this: Memoised) {
        const m = memoOf(this);
        const cached = m[name];
        if (cached !== UNSET) return cached;
        return (m[name] = compute(this, original));
      },
    });
  };
  memo('type', (self, original) => original.call(self));
  memo('typeId', (self, original) => original.call(self));
  memo('endIndex', (self, original) => original.call(self));
  memo('endPosition', (self, original) => original.call(self));
  memo('text', (self, original) => original.call(self));
  memo('isNamed', (self, original) => original.call(self));
  memo('childCount', (self, original) => original.call(self));
  memo('parent', (self, original) => {
    const index = indexes.get(self.tree);
    const i = index?.byId.get(self.id);
    if (index?.exactParents && i !== undefined) {
      const p = index.parent[i]!;
      return p < 0 ? null : index.nodes[p]!;
    }
    return original.call(self);
  });
  const canonicalList = (self: Node, original: (this: Node) => unknown) => ((original.call(self) as (Node | null)[]) ?? []).map((c) => (c ? canonical(c) : c));
  memo('children', canonicalList);
  memo('namedChildren', canonicalList);
  const childForFieldName = proto.childForFieldName as (this: Node, name: string) => Node | null;
  proto.childForFieldName = function (this: Memoised, name: string) {
    const m = memoOf(this);
    const fields = (m.fields ??= new Map());
    if (fields.has(name)) return fields.get(name)!;
    const child = childForFieldName.call(this, name);
    const value = child ? canonical(child) : null;
    fields.set(name, value);
    return value;
  };
}
