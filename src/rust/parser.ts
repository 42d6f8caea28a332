import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { copyTree, type SyntaxNode, type SyntaxTree } from './syntax-tree.js';
export { NodeMemo } from './syntax-tree.js';
import { useBinding } from './tree-cursor.js';

/** Rules see plain-JavaScript copies of tree-sitter's trees (see syntax-tree.ts). */
export type Node = SyntaxNode;
export type Tree = SyntaxTree;

const require = createRequire(import.meta.url);
let loading: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** Loads the tree-sitter runtime and the Rust grammar once per process (or worker). */
export function loadRustParser(): Promise<Parser> {
  loading ??= (async () => {
    // Emscripten installs the binding's exports on the options object; tree-cursor.ts walks with them.
    const binding: Record<string, unknown> = {};
    await Parser.init(binding);
    useBinding(binding);
    const wasmPath = require.resolve('tree-sitter-rust/tree-sitter-rust.wasm');
    const language = await Language.load(wasmPath);
    const parser = new Parser();
    parser.setLanguage(language);
    ready = parser;
    return parser;
  })();
  return loading;
}

function parser(): Parser {
  if (!ready) throw new Error('the Rust parser is not loaded: await loadRustParser() first');
  return ready;
}

export function withRustTree<T>(source: string, use: (root: Node, tree: Tree) => T): T {
  const tree = parseRust(source);
  return use(tree.rootNode, tree);
}

export class ParseTimeoutError extends Error {}

/**
 * Parses `source` into a plain-JavaScript tree; the WASM tree is deleted before this returns
 * (web-tree-sitter's WASM memory is not garbage-collected). With `timeoutMs`, a parse that takes
 * longer is cancelled (pathological input must not stall a review).
 */
export function parseRust(source: string, timeoutMs?: number): Tree {
  const p = parser();
  const deadline = timeoutMs ? performance.now() + timeoutMs : 0;
  const tree = deadline
    ? p.parse(source, null, { progressCallback: (() => performance.now() > deadline) as unknown as () => void })
    : p.parse(source);
  if (!tree) {
    p.reset();
    if (deadline) throw new ParseTimeoutError(`parsing took longer than ${timeoutMs} ms`);
    throw new Error('tree-sitter returned no tree');
  }
  try {
    return copyTree(tree, source);
  } finally {
    tree.delete();
  }
}

/**
 * A parser that returns the same tree for the same source, for the length of one review: the
 * change-scoped rules and the coverage table each read the changed files and their neighbours,
 * and would otherwise parse each of them several times.
 */
export function sharedParser(): (source: string) => Node {
  const roots = new Map<string, Node>();
  return (source) => {
    let root = roots.get(source);
    if (!root) roots.set(source, (root = parseRust(source).rootNode));
    return root;
  };
}
