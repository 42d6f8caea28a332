import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Tree };

const require = createRequire(import.meta.url);
let loading: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** Loads the tree-sitter runtime and the Rust grammar once per process (or worker). */
export function loadRustParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
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

/** Parses `source` and always deletes the tree afterwards: web-tree-sitter's WASM memory is not garbage-collected. */
export function withRustTree<T>(source: string, use: (root: Node, tree: Tree) => T): T {
  const tree = parseRust(source);
  try {
    return use(tree.rootNode, tree);
  } finally {
    tree.delete();
  }
}

/** The caller owns the tree and must call `tree.delete()`. Prefer `withRustTree`. */
export function parseRust(source: string): Tree {
  const tree = parser().parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
