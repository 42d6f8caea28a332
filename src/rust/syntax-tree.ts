/**
 * Rust syntax trees as plain JavaScript objects.
 *
 * web-tree-sitter's `Node` crosses into WASM on every getter (`type`, `parent`, `text`, ...) and
 * allocates a fresh instance on every traversal step, so 56 rules walking function bodies and
 * ancestors spent most of a review marshalling. Trees are never edited here, so each tree is
 * copied once, with one cursor walk, into `SyntaxNode`s whose fields are ordinary properties; the
 * WASM tree is deleted straight away (its memory is not garbage-collected) and rules never touch
 * WASM again. The class mirrors the subset of web-tree-sitter's `Node` API that rules use, with
 * the same meanings (indexes and columns in UTF-16 code units, rows split at `\n`).
 */
import type { Language, Tree as WasmTree } from 'web-tree-sitter';
import { lowerBound } from '../util/sorted.js';
import { countFallbackTree, walkFromMemory, type NodeSink } from './tree-memory.js';

const preorderOf = (node: SyntaxNode): number => node.preorder;

export interface Point {
  row: number;
  column: number;
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/** Per grammar: node type names and namedness by type id, field names by field id. */
export interface Symbols {
  names: string[];
  named: boolean[];
  fields: (string | undefined)[];
  /** Type ids by name (an alias gives a name several ids). */
  idsByName: Map<string, number[]>;
}

/** Ids are unique in the process (rules key maps by them across a file and its macro re-parses). */
let nextIdBase = 1;

export class SyntaxTree {
  /** Every node in pre-order, the root first. */
  readonly nodes: SyntaxNode[] = [];
  /** `id` of each node is `idBase + preorder` (ids are reserved once the copy is complete). */
  idBase = 0;
  /** Pre-order positions of zero-width tokens the parser inserted to recover from an error. */
  readonly missing = new Set<number>();
  private lineStarts: number[] | undefined;
  /** Entries of every `NodeMemo` for this tree's nodes (see NodeMemo). */
  private memos: Map<NodeMemo<unknown>, Map<number, unknown>> | undefined;

  /** The entries `memo` holds for this tree's nodes, by pre-order position. */
  memoEntries<T>(memo: NodeMemo<T>): Map<number, T> {
    const memos = (this.memos ??= new Map());
    let entries = memos.get(memo);
    if (!entries) memos.set(memo, (entries = new Map()));
    return entries as Map<number, T>;
  }

  constructor(
    readonly source: string,
    readonly symbols: Symbols,
  ) {}

  /** Per node type queried so far: its nodes in pre-order. */
  private byType: Map<string, SyntaxNode[]> | undefined;

  /**
   * The nodes of the given types whose pre-order position is in [from, to), in pre-order. Rules ask
   * for every `use_declaration`, `struct_item`, `function_item` of the file, often once per visited
   * node: each type's list is made on its first query (one scan comparing type ids; a file sees
   * three or four types queried, so indexing every type up front cost more) and then sliced.
   */
  ofTypes(types: string | readonly string[], from: number, to: number): SyntaxNode[] {
    if (typeof types === 'string') return this.sliceOfType(types, from, to);
    const out = [...new Set(types)].flatMap((type) => this.sliceOfType(type, from, to));
    return types.length > 1 ? out.sort((a, b) => a.preorder - b.preorder) : out;
  }

  private sliceOfType(type: string, from: number, to: number): SyntaxNode[] {
    const byType = (this.byType ??= new Map());
    let list = byType.get(type);
    if (!list) byType.set(type, (list = this.scanForType(type)));
    if (!list.length) return list;
    return list.slice(lowerBound(list, preorderOf, from), lowerBound(list, preorderOf, to));
  }

  private scanForType(type: string): SyntaxNode[] {
    const nodes = this.nodes;
    const list: SyntaxNode[] = [];
    const ids = this.symbols.idsByName.get(type);
    if (ids?.length === 1) {
      const id = ids[0]!;
      for (let i = 0; i < nodes.length; i++) if (nodes[i]!.typeId === id) list.push(nodes[i]!);
    } else if (ids) {
      for (let i = 0; i < nodes.length; i++) if (ids.includes(nodes[i]!.typeId)) list.push(nodes[i]!);
    } else {
      // `ERROR` (a builtin id outside the grammar's table) and names the grammar does not have.
      for (let i = 0; i < nodes.length; i++) if (nodes[i]!.type === type) list.push(nodes[i]!);
    }
    return list;
  }

  /** Drops the per-type lists and node memos (macro-graft.ts renumbered the nodes). */
  forgetIndexes(): void {
    this.byType = undefined;
    this.memos = undefined;
  }

  /** Reserves this tree's ids once every node is in `nodes`. */
  reserveIds(): void {
    this.idBase = nextIdBase;
    nextIdBase += this.nodes.length;
  }

  get rootNode(): SyntaxNode {
    return this.nodes[0]!;
  }

  /** Row and column of a code-unit index. */
  pointAt(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - starts[lo]! };
  }

  /** Code-unit index of a row and column (clamped to the source). */
  indexAt(point: Point): number {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    const start = starts[Math.min(Math.max(point.row, 0), starts.length - 1)]!;
    return Math.min(start + point.column, this.source.length);
  }
}

/**
 * A cache keyed by node, for values rules derive once per function or file (indexes, contexts).
 * Like a `WeakMap<SyntaxNode, T>`, but the entries live on the node's tree and die with it. A
 * module-level WeakMap keyed by nodes kept every memoised tree alive through V8's young-generation
 * collections (which treat WeakMap values as live), so most trees were promoted to the old
 * generation and collected there, at several times the cost.
 */
export class NodeMemo<T> {
  get(node: SyntaxNode): T | undefined {
    return node.tree.memoEntries(this).get(node.preorder);
  }

  has(node: SyntaxNode): boolean {
    return node.tree.memoEntries(this).has(node.preorder);
  }

  set(node: SyntaxNode, value: T): this {
    node.tree.memoEntries(this).set(node.preorder, value);
    return this;
  }
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Rarely needed per-node values, allocated on first use. */
interface Memo {
  named?: SyntaxNode[];
  start?: Point;
  end?: Point;
}

/**
 * A node holds only what the copy knows; children arrays, positions and text are made on first use
 * (a file has hundreds of thousands of nodes and rules look at a fraction of them).
 */
export class SyntaxNode {
  /** Exclusive end of this node's subtree in `tree.nodes`. */
  subtreeEnd = 0;
  /** Position among the parent's children (set when the parent's children are made). */
  indexInParent = 0;
  private memoChildren: readonly SyntaxNode[] | undefined = undefined;
  private memoText: string | undefined = undefined;
  private memo: Memo | undefined = undefined;

  constructor(
    /** Mutable only for macro-graft.ts, which moves re-parsed macro arguments into the file's tree. */
    public tree: SyntaxTree,
    /** Position in `tree.nodes` (pre-order). */
    public preorder: number,
    readonly typeId: number,
    readonly fieldId: number,
    public startIndex: number,
    public endIndex: number,
    public parent: SyntaxNode | null,
  ) {}

  /** Moves this node to `tree` at `preorder` under `parent` (macro-graft.ts; positions are recomputed). */
  rehome(tree: SyntaxTree, preorder: number, parent: SyntaxNode | null, shift = 0): void {
    if (this.tree !== tree) {
      this.memo = undefined;
      this.memoText = undefined;
      this.startIndex += shift;
      this.endIndex += shift;
    }
    this.tree = tree;
    this.preorder = preorder;
    this.parent = parent;
  }

  /** Drops the cached children (macro-graft.ts replaced some of them). */
  forgetChildren(): void {
    this.memoChildren = undefined;
    if (this.memo) this.memo.named = undefined;
  }

  get id(): number {
    return this.tree.idBase + this.preorder;
  }

  get type(): string {
    return this.tree.symbols.names[this.typeId] ?? 'ERROR';
  }

  get isNamed(): boolean {
    return this.tree.symbols.named[this.typeId] ?? true;
  }

  /** The field this node fills in its parent (`name`, `body`, ...), if any. */
  get fieldName(): string | undefined {
    return this.tree.symbols.fields[this.fieldId];
  }

  get isMissing(): boolean {
    return this.tree.missing.has(this.preorder);
  }

  get text(): string {
    return (this.memoText ??= this.tree.source.slice(this.startIndex, this.endIndex));
  }

  get startPosition(): Point {
    const memo = (this.memo ??= {});
    return (memo.start ??= this.tree.pointAt(this.startIndex));
  }

  get endPosition(): Point {
    const memo = (this.memo ??= {});
    return (memo.end ??= this.tree.pointAt(this.endIndex));
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  /** True when this subtree contains a syntax error or a node the parser inserted. */
  get hasError(): boolean {
    for (let i = this.preorder; i < this.subtreeEnd; i++) {
      const n = this.tree.nodes[i]!;
      if (n.type === 'ERROR' || n.isMissing) return true;
    }
    return false;
  }

  get children(): readonly SyntaxNode[] {
    if (this.memoChildren) return this.memoChildren;
    const nodes = this.tree.nodes;
    let count = 0;
    for (let i = this.preorder + 1; i < this.subtreeEnd; i = nodes[i]!.subtreeEnd) count++;
    if (!count) return (this.memoChildren = NO_CHILDREN);
    const children = new Array<SyntaxNode>(count);
    for (let i = this.preorder + 1, k = 0; i < this.subtreeEnd; i = nodes[i]!.subtreeEnd, k++) {
      const child = nodes[i]!;
      child.indexInParent = k;
      children[k] = child;
    }
    return (this.memoChildren = children);
  }

  get namedChildren(): SyntaxNode[] {
    const memo = (this.memo ??= {});
    return (memo.named ??= this.children.filter((c) => c.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  namedChild(i: number): SyntaxNode | null {
    return this.namedChildren[i] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    const children = this.children;
    return children[children.length - 1] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const nodes = this.tree.nodes;
    const fields = this.tree.symbols.fields;
    for (let i = this.preorder + 1; i < this.subtreeEnd; i = nodes[i]!.subtreeEnd) {
      const child = nodes[i]!;
      if (fields[child.fieldId] === name) return child;
    }
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.fieldName === name);
  }

  /** Siblings through the parent's children (made on first use, which also sets `indexInParent`). */
  private siblings(): readonly SyntaxNode[] {
    return this.parent?.children ?? NO_CHILDREN;
  }

  get nextSibling(): SyntaxNode | null {
    const siblings = this.siblings();
    return siblings[this.indexInParent + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    const siblings = this.siblings();
    return siblings[this.indexInParent - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const siblings = this.siblings();
    for (let i = this.indexInParent + 1; i < siblings.length; i++) if (siblings[i]!.isNamed) return siblings[i]!;
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const siblings = this.siblings();
    for (let i = this.indexInParent - 1; i >= 0; i--) if (siblings[i]!.isNamed) return siblings[i]!;
    return null;
  }

  /** Descendants of the given types in pre-order, this node included when it matches (as tree-sitter does). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    return this.tree.ofTypes(types, this.preorder, this.subtreeEnd);
  }

  /** The smallest node in this subtree that contains `point`. */
  descendantForPosition(point: Point): SyntaxNode {
    const at = this.tree.indexAt(point);
    let node: SyntaxNode = this;
    for (;;) {
      const inner = node.children.find((c) => c.startIndex <= at && at < c.endIndex);
      if (!inner) return node;
      node = inner;
    }
  }
}

const symbolsByLanguage = new WeakMap<Language, Symbols>();

export function symbolsOf(language: Language): Symbols {
  let symbols = symbolsByLanguage.get(language);
  if (!symbols) {
    const names = language.types.map((t) => t ?? 'ERROR');
    const idsByName = new Map<string, number[]>();
    language.types.forEach((name, id) => name && idsByName.set(name, [...(idsByName.get(name) ?? []), id]));
    symbols = {
      names,
      named: names.map((_, id) => language.nodeTypeIsNamed(id)),
      fields: language.fields.map((f) => f ?? undefined),
      idsByName,
    };
    symbolsByLanguage.set(language, symbols);
  }
  return symbols;
}

/**
 * How `copyTree` reads the WASM tree: straight from memory when it can (tree-memory.ts), else with
 * web-tree-sitter's public cursor API (the reference the memory reader is checked against).
 */
export type CopyMethod = 'fastest' | 'cursor';

/**
 * Copies a WASM tree into `SyntaxNode`s, read straight from WASM memory or, failing that, with one
 * walk of web-tree-sitter's public `TreeCursor`. Every node gets its own extent: hidden tokens (a raw string's `r#"`, the root's
 * trailing blank lines) are not visited but count.
 */
export function copyTree(wasm: WasmTree, source: string, method: CopyMethod = 'fastest'): SyntaxTree {
  const tree = new SyntaxTree(source, symbolsOf(wasm.language));
  const nodes = tree.nodes;
  const open: SyntaxNode[] = [];
  const sink: NodeSink = {
    enter(typeId, fieldId, startIndex, endIndex, missing) {
      const node = new SyntaxNode(tree, nodes.length, typeId, fieldId, startIndex, endIndex, open[open.length - 1] ?? null);
      nodes.push(node);
      if (missing) tree.missing.add(node.preorder);
      open.push(node);
    },
    leave() {
      open.pop()!.subtreeEnd = nodes.length;
    },
  };
  if (method === 'cursor') walkWithCursor(wasm, sink);
  else if (!walkFromMemory(wasm, sink)) {
    countFallbackTree();
    walkWithCursor(wasm, sink);
  }
  tree.reserveIds();
  return tree;
}

function walkWithCursor(wasm: WasmTree, sink: NodeSink): void {
  const cursor = wasm.walk();
  try {
    for (;;) {
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      // Zero width is rare; only then is it worth asking whether the parser inserted the token.
      sink.enter(cursor.nodeTypeId, cursor.currentFieldId, start, end, start === end && cursor.nodeIsMissing);
      if (cursor.gotoFirstChild()) continue;
      sink.leave();
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
        sink.leave();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Whether two copies of a tree hold the same nodes (types, fields, extents, nesting, inserted tokens). */
export function sameNodes(a: SyntaxTree, b: SyntaxTree): boolean {
  if (a.nodes.length !== b.nodes.length || a.missing.size !== b.missing.size) return false;
  for (const i of a.missing) if (!b.missing.has(i)) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i]!;
    return n.typeId === m.typeId && n.fieldId === m.fieldId && n.startIndex === m.startIndex && n.endIndex === m.endIndex && n.subtreeEnd === m.subtreeEnd;
  });
}
