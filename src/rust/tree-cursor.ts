/**
 * The cursor steps `copyTree` needs, as cheap as web-tree-sitter allows.
 *
 * web-tree-sitter's `TreeCursor` copies its four-word state into a WASM transfer buffer before every
 * call and back after every move (eight typed `setValue`/`getValue` calls around each step); on a
 * 2 MB code base that marshalling costs more than parsing. A walk that owns the transfer buffer can
 * leave the state there and call the binding's exported functions directly: `Parser.init(options)`
 * hands `options` to Emscripten, which installs the exports on it. web-tree-sitter is pinned in
 * package.json because these are its internals; without them the public cursor API is used (same
 * result, slower), and test/rust/syntax-tree.test.ts fails if the fast path is ever lost.
 */
import type { Tree as WasmTree, TreeCursor } from 'web-tree-sitter';

export interface CursorSteps {
  typeId(): number;
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

/** The binding's exports used here (see web-tree-sitter's lib/tree-sitter.c); each reads the cursor from the transfer buffer. */
interface Binding {
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  getValue(address: number, type: 'i32'): number;
}

let binding: { api: Binding; transferBuffer: number } | undefined;

/** Called once with the object given to `Parser.init`; keeps the fast path when the exports are there. */
export function useBinding(module: Record<string, unknown>): void {
  const api = module as unknown as Binding;
  const needed: (keyof Binding)[] = [
    '_ts_init', '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_current_field_id_wasm',
    '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm', '_ts_tree_cursor_current_node_is_missing_wasm',
    '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm', 'getValue',
  ];
  if (!needed.every((name) => typeof api[name] === 'function')) return;
  // ts_init only writes the language versions into the transfer buffer and returns its address.
  binding = { api, transferBuffer: api._ts_init() };
}

/** True when walks bypass the public cursor's marshalling (asserted by a test). */
export const hasFastCursor = (): boolean => binding !== undefined;

/**
 * Cursor steps over `tree` from its root. Nothing else may use web-tree-sitter until `delete()`:
 * the fast path keeps the cursor's state in the shared transfer buffer.
 */
export function cursorSteps(tree: WasmTree): CursorSteps {
  const cursor = tree.walk();
  if (!binding) return publicSteps(cursor);
  const { api, transferBuffer } = binding;
  const ptr = (tree as unknown as Record<number, number>)[0]!;
  // Any getter marshals the cursor into the transfer buffer; from here on the state lives there.
  void cursor.nodeTypeId;
  return {
    typeId: () => api._ts_tree_cursor_current_node_type_id_wasm(ptr),
    fieldId: () => api._ts_tree_cursor_current_field_id_wasm(ptr),
    startIndex: () => api._ts_tree_cursor_start_index_wasm(ptr),
    endIndex: () => api._ts_tree_cursor_end_index_wasm(ptr),
    isMissing: () => api._ts_tree_cursor_current_node_is_missing_wasm(ptr) === 1,
    gotoFirstChild: () => api._ts_tree_cursor_goto_first_child_wasm(ptr) === 1,
    gotoNextSibling: () => api._ts_tree_cursor_goto_next_sibling_wasm(ptr) === 1,
    gotoParent: () => api._ts_tree_cursor_goto_parent_wasm(ptr) === 1,
    delete() {
      // The walk may have grown the cursor's stack (a new allocation): copy the live state back
      // so that delete() frees the right memory.
      const state = cursor as unknown as Record<number, number>;
      for (let i = 0; i < 4; i++) state[i] = api.getValue(transferBuffer + 4 * i, 'i32');
      cursor.delete();
    },
  };
}

function publicSteps(cursor: TreeCursor): CursorSteps {
  return {
    typeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    isMissing: () => cursor.nodeIsMissing,
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    delete: () => cursor.delete(),
  };
}
