import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { copyTree, sameNodes, symbolsOf, SyntaxTree, type SyntaxNode } from './syntax-tree.js';
import { decodeTree, encodeTree, type EncodedTree } from './tree-encoding.js';
import { disableMemoryWalk, treeReader, useMemory } from './tree-memory.js';
export { NodeMemo } from './syntax-tree.js';
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
    // Emscripten keeps its views of the WASM memory on the options object; tree-memory.ts reads them.
    const binding: Record<string, unknown> = {};
    await Parser.init(binding);
    if (process.env.RUST_REVIEW_TREE_READER === 'api') disableMemoryWalk('switched off by RUST_REVIEW_TREE_READER=api');
    else useMemory(binding);
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

/**
 * Walks a sample both ways once; the memory walk is used only if it reads exactly what
 * web-tree-sitter's public cursor API reads.
 */
function checkMemoryWalk(p: Parser): void {
  if (treeReader().reader !== 'memory') return;
  const tree = p.parse(WALK_SAMPLE);
  if (!tree) return disableMemoryWalk('the start-up sample did not parse');
  try {
    if (!sameNodes(copyTree(tree, WALK_SAMPLE, 'cursor'), copyTree(tree, WALK_SAMPLE))) disableMemoryWalk('it read the start-up sample differently from the public API');
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

/** Rebuilds a tree parsed elsewhere (another thread, an earlier run) without parsing again. */
export function decodeRustTree(encoded: EncodedTree, source: string): Tree {
  const language = parser().language;
  if (!language) throw new Error('the Rust parser has no language');
  return decodeTree(encoded, source, symbolsOf(language));
}

/** Where trees parsed in earlier reviews are kept (see src/cache). */
export interface TreeCache {
  getTree(source: string): Promise<EncodedTree | undefined>;
  setTree(source: string, tree: EncodedTree): void;
}

/**
 * Nodes a review keeps decoded at most (about 120 bytes each: 300,000 is about 36 MB). A pull
 * request's files fit; a whole tree does not (lemmy: 670,000 nodes, 83 MB decoded), and the change
 * rules, which read its files one after the other, held every one of them decoded (issue 17).
 */
export const MAX_DECODED_NODES = 100_000;

/**
 * The trees of one review: each source is parsed at most once, by whichever thread gets to it first.
 * The file analysis hands over the trees it parsed (worker threads send them encoded), the change
 * rules and the coverage table then read the same trees, and trees parsed in an earlier review come
 * from the cache (fetched when a rule reads a file's text, so that `parse` can stay synchronous).
 *
 * Trees are kept encoded (20 bytes a node); the ones read most recently are also kept decoded, up to
 * `maxDecodedNodes`. A tree decoded again is the same tree (same nodes, same extents), not the same
 * objects: a rule that compares nodes of one file keeps the root it was given.
 */
export class ReviewTrees {
  private readonly encodedBySource = new Map<string, EncodedTree>();
  /** Decoded trees, least recently read first. */
  private readonly decoded = new Map<string, Tree>();
  private decodedNodes = 0;
  private readonly fetching = new Map<string, Promise<void>>();
  /** Parses done here, and trees rebuilt from another thread's or an earlier run's parse. */
  readonly counts = { parsed: 0, reused: 0 };

  constructor(
    private readonly cache?: TreeCache,
    private readonly maxDecodedNodes = MAX_DECODED_NODES,
  ) {}

  /** A tree parsed elsewhere for `source`. */
  add(source: string, tree: Tree | EncodedTree): void {
    if (this.has(source)) return;
    if (tree instanceof SyntaxTree) this.keepDecoded(source, tree);
    else this.encodedBySource.set(source, tree);
  }

  /** The trees of this review held encoded (to hand to another thread). */
  encoded(): [string, EncodedTree][] {
    return [...this.encodedBySource];
  }

  /** The encoded tree of `source`, if this review holds it encoded. */
  encodedOf(source: string): EncodedTree | undefined {
    return this.encodedBySource.get(source);
  }

  /** Brings the cached tree of `source`, if any, before a rule asks for it. */
  prefetch(source: string): Promise<void> {
    if (!this.cache || this.has(source)) return Promise.resolve();
    let p = this.fetching.get(source);
    if (!p) {
      p = this.cache.getTree(source).then((t) => {
        if (t) this.add(source, t);
      }, () => {});
      this.fetching.set(source, p);
    }
    return p;
  }

  /** The tree this review has for `source`, if any (parsed or encoded), without parsing. */
  has(source: string): boolean {
    return this.decoded.has(source) || this.encodedBySource.has(source);
  }

  tree(source: string, timeoutMs?: number): Tree {
    const known = this.decoded.get(source);
    if (known) {
      // Most recently read last.
      this.decoded.delete(source);
      this.decoded.set(source, known);
      return known;
    }
    const encoded = this.encodedBySource.get(source);
    if (encoded) {
      try {
        const tree = decodeRustTree(encoded, source);
        this.counts.reused++;
        this.keepDecoded(source, tree);
        return tree;
      } catch {
        // a damaged cache entry: parse instead
        this.encodedBySource.delete(source);
      }
    }
    const tree = parseRust(source, timeoutMs);
    this.counts.parsed++;
    const encodedNow = encodeTree(tree);
    this.encodedBySource.set(source, encodedNow);
    this.keepDecoded(source, tree);
    this.cache?.setTree(source, encodedNow);
    return tree;
  }

  parse = (source: string): Node => this.tree(source).rootNode;

  /** Keeps `tree` decoded, dropping the least recently read trees over the bound (kept encoded). */
  private keepDecoded(source: string, tree: Tree): void {
    this.decoded.set(source, tree);
    this.decodedNodes += tree.nodes.length;
    for (const [s, t] of this.decoded) {
      if (this.decodedNodes <= this.maxDecodedNodes || s === source) break;
      if (!this.encodedBySource.has(s)) this.encodedBySource.set(s, encodeTree(t));
      this.decoded.delete(s);
      this.decodedNodes -= t.nodes.length;
    }
  }
}

/** A parser that returns the same tree for the same source, for the length of one review. */
export function sharedParser(): (source: string) => Node {
  return new ReviewTrees().parse;
}
