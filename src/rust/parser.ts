import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { patchNodeGetters } from './tree-index.js';

export type { Node, Tree };

const require = createRequire(import.meta.url);
let loading: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** Loads the tree-sitter runtime and the Rust grammar once per process (or worker). */
export function loadRustParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    patchNodeGetters();
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

export class ParseTimeoutError extends Error {}

/**
 * The caller owns the tree and must call `tree.delete()`. Prefer `withRustTree`. With `timeoutMs`,
 * a parse that takes longer is cancelled (pathological input must not stall a review).
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
  return tree;
}
