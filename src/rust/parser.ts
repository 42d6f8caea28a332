import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { copyTree, sameNodes, type SyntaxNode, type SyntaxTree } from './syntax-tree.js';
import { disableMemoryWalk, useMemory } from './tree-memory.js';
export { NodeMemo } from './syntax-tree.js';
import { useBinding } from './tree-cursor.js';
import { graftMacroArguments } from './macro-graft.js';

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
    useMemory(binding);
    const wasmPath = require.resolve('tree-sitter-rust/tree-sitter-rust.wasm');
    const language = await Language.load(wasmPath);
    const parser = new Parser();
    parser.setLanguage(language);
    checkMemoryWalk(parser);
    ready = parser;
    return parser;
  })();
  return loading;
}

/**
 * Shapes the memory walk must read as the cursor does: aliases (`field_identifier`), fields through
 * hidden nodes, comments (extras) inside expressions, raw strings, CRLF and non-ASCII text, and a
 * broken tail with ERROR nodes and inserted tokens.
 */
const WALK_SAMPLE = [
  '#![allow(dead_code)]',
  '//! crate docs',
  'use std::{collections::HashMap as Map, fmt::*};',
  '#[derive(Debug)] pub struct Order<T: Clone> { pub id: u64, items: Vec<T>, /* note */ total: f64 }',
  'impl<T: Clone> Order<T> { async fn load(&self, db: &Pool) -> Result<Self, E> { let Self { id, .. } = self;',
  '    let q = sqlx::query!(r#"SELECT "x" FROM t WHERE id = $1"#, id).fetch_one(db).await?; // trailing',
  '    match q { Some(x) if x > 1 => x.iter().map(|v| v * 2).collect::<Vec<_>>(), _ => todo!("crème 🦀") }\r',
  '  }\r',
  '}',
  "macro_rules! m { ($e:expr) => { $e + 1 }; }",
  'fn broken( {\n    let x = ;\n    foo(1, 2\n}\nstruct S { a: u32\n',
].join('\n');

/** Walks a sample both ways once; the memory walk is used only if it reads exactly what the cursor reads. */
function checkMemoryWalk(p: Parser): void {
  const tree = p.parse(WALK_SAMPLE);
  if (!tree) return disableMemoryWalk();
  try {
    if (!sameNodes(copyTree(tree, WALK_SAMPLE, 'cursor'), copyTree(tree, WALK_SAMPLE))) disableMemoryWalk();
  } finally {
    tree.delete();
  }
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
 * (web-tree-sitter's WASM memory is not garbage-collected); the arguments of known macros are parsed
 * as expressions in place (macro-graft.ts). With `timeoutMs`, a parse that takes
 * longer is cancelled (pathological input must not stall a review).
 */
export function parseRust(source: string, timeoutMs?: number, options: { macroArguments?: boolean } = {}): Tree {
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
  let copy: SyntaxTree;
  try {
    copy = copyTree(tree, source);
  } finally {
    tree.delete();
  }
  // Known macros' arguments become expression nodes (macro-graft.ts); `macroArguments: false` keeps
  // tree-sitter's token trees as they are (tests comparing with web-tree-sitter).
  if (options.macroArguments !== false) graftMacroArguments(copy, (text) => parseRust(text));
  return copy;
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
