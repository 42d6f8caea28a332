/**
 * Reads a parsed tree straight out of the WASM memory, without calling into WASM per node.
 *
 * A cursor walk (web-tree-sitter's TreeCursor) costs several WASM calls per node, about 40% of parse time on a large
 * review. The tree is plain data in the module's linear memory (the `Subtree` and `TSLanguage`
 * structs of tree-sitter's lib/src/subtree.h and parser.h, as shipped in web-tree-sitter's source
 * map), so the walk can read it with typed arrays and emit the same visible nodes the cursor
 * visits: hidden nodes are transparent, aliases rename and make visible, fields come from the
 * parent's production (inherited through hidden nodes), positions add paddings and sizes.
 *
 * web-tree-sitter is pinned in package.json because these layouts are its internals. They are
 * checked: a grammar's symbol and field names are read from memory and compared with the public API
 * on first use, and the parser walks a sample both ways at start-up (parser.ts); on any difference
 * web-tree-sitter's public cursor API is used (logged once, counted in /metrics), and
 * test/rust/syntax-tree.test.ts fails if the fast path is lost. `RUST_REVIEW_TREE_READER=api`
 * switches the memory reader off.
 */
import type { Language, Tree as WasmTree } from 'web-tree-sitter';

/** Emscripten's views of the linear memory, refreshed by Emscripten when the memory grows. */
interface HeapViews {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
}

/** The `TSLanguage` fields a walk needs (byte offsets into the struct, wasm32, ABI 14 and 15). */
const LANGUAGE = { symbolCount: 4, aliasCount: 8, productionIdCount: 28, fieldCount: 32, maxAliasSequenceLength: 36, symbolNames: 56, fieldNames: 60, fieldMapSlices: 64, fieldMapEntries: 68, publicSymbolMap: 76, aliasSequences: 84 };
/** `SubtreeHeapData` offsets; children are the `child_count` 8-byte `Subtree`s just before it. */
const HEAP_SUBTREE = { paddingBytes: 4, sizeBytes: 16, childCount: 36, symbol: 40, flags: 44, productionId: 66 };
/** `TSTree`: the root `Subtree` (8 bytes), then the language pointer. */
const TREE_LANGUAGE = 8;
const ERROR_SYMBOL = 0xffff;

interface LanguageTables {
  maxAliasLength: number;
  publicSymbolMap: number;
  aliasSequences: number;
  /** Field id by `production * fieldStride + structural child index` (not inherited), 0 for none. */
  fields: Uint16Array;
  fieldStride: number;
}

export interface NodeSink {
  /** A visible node, in pre-order; positions in UTF-16 code units. */
  enter(typeId: number, fieldId: number, startIndex: number, endIndex: number, missing: boolean): void;
  /** The last entered node that is still open has no more children. */
  leave(): void;
}

let heap: HeapViews | undefined;
const tablesByLanguage = new Map<number, LanguageTables | null>();

/** Which reader copies trees in this thread, why not the memory reader, and trees read the slow way. */
export interface TreeReaderStatus {
  reader: 'memory' | 'api';
  reason?: string;
  /** Trees copied through the public API because the memory reader was off or refused them. */
  fallbackTrees: number;
}
const status: TreeReaderStatus = { reader: 'api', reason: 'web-tree-sitter is not loaded yet', fallbackTrees: 0 };
let warned = false;

export const treeReader = (): Readonly<TreeReaderStatus> => status;

/** Called once with the object given to `Parser.init`; Emscripten keeps its HEAP views there. */
export function useMemory(module: Record<string, unknown>): void {
  if (module.HEAPU8 instanceof Uint8Array && module.HEAPU16 instanceof Uint16Array && module.HEAPU32 instanceof Uint32Array) {
    heap = module as unknown as HeapViews;
    status.reader = 'memory';
    delete status.reason;
  } else disableMemoryWalk('the WASM module does not expose its memory views');
}

/**
 * Switches the memory walk off (the start-up check found it differs from the public API, or the
 * environment asks): trees are then read through web-tree-sitter's public API. Logged once.
 */
export function disableMemoryWalk(reason: string): void {
  heap = undefined;
  status.reader = 'api';
  status.reason = reason;
  if (!warned && !reason.startsWith('switched off')) {
    warned = true;
    process.emitWarning(`trees are read through web-tree-sitter's public API (slower): the memory reader is off because ${reason}`, { code: 'RUST_REVIEW_TREE_READER' });
  }
}

/** Counts trees copied through the public API (see `TreeReaderStatus.fallbackTrees`); worker threads' counts are added here too. */
export function countFallbackTree(n = 1): void {
  status.fallbackTrees += n;
}

/** True when trees are read from memory (asserted by a test). */
export const hasMemoryWalk = (): boolean => heap !== undefined;

/**
 * Walks `tree` from memory into `sink`; false (nothing emitted) when the layout is not the one this
 * module reads, and the caller should walk with a cursor.
 */
export function walkFromMemory(tree: WasmTree, sink: NodeSink): boolean {
  if (!heap) return false;
  const treePtr = (tree as unknown as Record<number, number>)[0]!;
  const languagePtr = heap.HEAPU32[(treePtr + TREE_LANGUAGE) >> 2]!;
  let tables = tablesByLanguage.get(languagePtr);
  if (tables === undefined) {
    tablesByLanguage.set(languagePtr, (tables = readTables(languagePtr, tree.language)));
    if (!tables) disableMemoryWalk("the grammar's tables in memory differ from the public API");
  }
  if (!tables) return false;
  walk(treePtr, tables, heap, sink);
  return true;
}

/** The language's tables, or null when what memory says disagrees with the public API. */
function readTables(ptr: number, language: Language): LanguageTables | null {
  const { HEAPU8, HEAPU16, HEAPU32 } = heap!;
  const u32 = (offset: number) => HEAPU32[(ptr + offset) >> 2]!;
  const cString = (address: number): string => {
    let end = address;
    while (HEAPU8[end]) end++;
    return Buffer.from(HEAPU8.buffer, HEAPU8.byteOffset + address, end - address).toString('utf8');
  };
  if (u32(LANGUAGE.symbolCount) + u32(LANGUAGE.aliasCount) !== language.nodeTypeCount || u32(LANGUAGE.fieldCount) !== language.fieldCount) return null;
  const symbolNames = u32(LANGUAGE.symbolNames);
  let compared = 0;
  for (let id = 1; id < u32(LANGUAGE.symbolCount); id++) {
    // The public API leaves the names of some internal symbols out (auxiliary tokens).
    const name = language.types[id];
    if (name === undefined || name === null) continue;
    if (cString(HEAPU32[(symbolNames >> 2) + id]!) !== name) return null;
    compared++;
  }
  if (!compared) return null;
  const fieldNames = u32(LANGUAGE.fieldNames);
  for (let id = 1; id <= u32(LANGUAGE.fieldCount); id++) {
    if (cString(HEAPU32[(fieldNames >> 2) + id]!) !== language.fields[id]) return null;
  }
  // The field maps as one flat table: the walk looks a field up for every child.
  const productions = u32(LANGUAGE.productionIdCount);
  const slices = u32(LANGUAGE.fieldMapSlices);
  const entries = u32(LANGUAGE.fieldMapEntries);
  const entriesOf = (production: number): [number, number] => {
    const at = (slices >> 1) + 2 * production;
    return [entries + 4 * HEAPU16[at]!, HEAPU16[at + 1]!];
  };
  let fieldStride = 1;
  if (u32(LANGUAGE.fieldCount)) {
    for (let p = 0; p < productions; p++) {
      const [first, count] = entriesOf(p);
      for (let e = first; e < first + 4 * count; e += 4) fieldStride = Math.max(fieldStride, HEAPU8[e + 2]! + 1);
    }
  }
  const fields = new Uint16Array(productions * fieldStride);
  if (u32(LANGUAGE.fieldCount)) {
    for (let p = 0; p < productions; p++) {
      const [first, count] = entriesOf(p);
      // The first matching entry wins, as in ts_tree_cursor_current_field_id.
      for (let e = first + 4 * (count - 1); e >= first; e -= 4) if (!HEAPU8[e + 3]) fields[p * fieldStride + HEAPU8[e + 2]!] = HEAPU16[e >> 1]!;
    }
  }
  return {
    maxAliasLength: HEAPU16[(ptr + LANGUAGE.maxAliasSequenceLength) >> 1]!,
    publicSymbolMap: u32(LANGUAGE.publicSymbolMap),
    aliasSequences: u32(LANGUAGE.aliasSequences),
    fields,
    fieldStride,
  };
}

/** A frame of the walk's explicit stack (the children of one subtree), as slots of one Int32Array row. */
const F_CHILDREN = 0; // address of the first child `Subtree`
const F_COUNT = 1;
const F_NEXT = 2;
const F_POSITION = 3; // byte position where the next child starts once its padding is added
const F_STRUCTURAL = 4; // index among non-extra children (aliases and fields are keyed by it)
const F_PRODUCTION = 5;
const F_PASS_FIELD = 6; // the field a visible descendant takes when it has none (through hidden nodes)
const F_VISIBLE = 7; // which kind of frame (below): a visible node's is left when done
const HIDDEN_FRAME = 0;
const VISIBLE_FRAME = 1;
const ROOT_FRAME = 2;
const FRAME = 8;

let frames = new Int32Array(FRAME * 64);

function walk(treePtr: number, t: LanguageTables, views: HeapViews, sink: NodeSink): void {
  const { HEAPU8, HEAPU16, HEAPU32 } = views;
  const publicMap = t.publicSymbolMap >> 1;
  const aliases = t.aliasSequences >> 1;
  const maxAliasLength = t.maxAliasLength;
  const { fields, fieldStride } = t;
  let depth = 0;
  // What the loop reads of a `Subtree` (8 bytes: inline leaf data, or a pointer to heap data). Plain
  // locals written in the loop itself: a helper closure writing them kept them in a heap context,
  // which made the walk twice as slow.
  let visible: boolean;
  let extra: boolean;
  let missing: boolean;
  let symbol: number;
  let padding: number;
  let size: number;
  let childCount: number;
  let production: number;
  let heapPtr: number;

  let stack = frames;
  const push = (children: number, count: number, position: number, prod: number, passField: number, kind: number, at: number): void => {
    stack[at + F_CHILDREN] = children;
    stack[at + F_COUNT] = count;
    stack[at + F_NEXT] = 0;
    stack[at + F_POSITION] = position;
    stack[at + F_STRUCTURAL] = 0;
    stack[at + F_PRODUCTION] = prod;
    stack[at + F_PASS_FIELD] = passField;
    stack[at + F_VISIBLE] = kind;
  };

  // The root is the only child of a pseudo-frame over the `TSTree`'s root slot: always visible, and
  // it starts after its padding (a first child otherwise starts where its parent does).
  push(treePtr, 1, 0, 0, 0, ROOT_FRAME, depth++ * FRAME);

  while (depth > 0) {
    const f = (depth - 1) * FRAME;
    const index = stack[f + F_NEXT]!;
    if (index === stack[f + F_COUNT]) {
      depth--;
      if (stack[f + F_VISIBLE] === VISIBLE_FRAME) sink.leave();
      continue;
    }
    stack[f + F_NEXT] = index + 1;
    const slot = stack[f + F_CHILDREN]! + 8 * index;
    const b0 = HEAPU8[slot]!;
    if (b0 & 1) {
      visible = (b0 & 2) !== 0;
      extra = (b0 & 8) !== 0;
      missing = (b0 & 32) !== 0;
      symbol = HEAPU8[slot + 1]!;
      padding = HEAPU8[slot + 6]!;
      size = HEAPU8[slot + 7]!;
      childCount = 0;
      production = 0;
      heapPtr = 0;
    } else {
      heapPtr = HEAPU32[slot >> 2]!;
      const flags = HEAPU8[heapPtr + HEAP_SUBTREE.flags]!;
      visible = (flags & 1) !== 0;
      extra = (flags & 4) !== 0;
      missing = (HEAPU8[heapPtr + HEAP_SUBTREE.flags + 1]! & 2) !== 0;
      symbol = HEAPU16[(heapPtr + HEAP_SUBTREE.symbol) >> 1]!;
      padding = HEAPU32[(heapPtr + HEAP_SUBTREE.paddingBytes) >> 2]!;
      size = HEAPU32[(heapPtr + HEAP_SUBTREE.sizeBytes) >> 2]!;
      childCount = HEAPU32[(heapPtr + HEAP_SUBTREE.childCount) >> 2]!;
      production = childCount ? HEAPU16[(heapPtr + HEAP_SUBTREE.productionId) >> 1]! : 0;
    }
    // The first child starts where its parent does (a parent's padding is its first child's).
    const root = stack[f + F_VISIBLE] === ROOT_FRAME;
    let start = stack[f + F_POSITION]!;
    if (index > 0 || root) start += padding;
    stack[f + F_POSITION] = start + size;
    let alias = 0;
    let field = 0;
    if (!extra) {
      const structural = stack[f + F_STRUCTURAL]!;
      const parentProduction = stack[f + F_PRODUCTION]!;
      if (parentProduction) alias = HEAPU16[aliases + parentProduction * maxAliasLength + structural]!;
      if (structural < fieldStride) field = fields[parentProduction * fieldStride + structural]!;
      stack[f + F_STRUCTURAL] = structural + 1;
      if (!field) field = stack[f + F_PASS_FIELD]!;
    }
    const shown = visible || alias !== 0 || root;
    if (shown) {
      const type = alias || symbol;
      sink.enter(type === ERROR_SYMBOL ? type : HEAPU16[publicMap + type]!, field, start >> 1, (start + size) >> 1, missing);
      if (!childCount) sink.leave();
    }
    if (childCount) {
      if ((depth + 1) * FRAME > stack.length) {
        frames = new Int32Array(stack.length * 2);
        frames.set(stack);
        stack = frames;
      }
      push(heapPtr - 8 * childCount, childCount, start, production, shown ? 0 : field, shown ? VISIBLE_FRAME : HIDDEN_FRAME, depth++ * FRAME);
    }
  }
}
