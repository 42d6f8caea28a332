/** Reference P3: resolve names through the file's `use` items (aliases, groups, globs). */
import type { Node } from './parser.js';
import { NodeMemo } from './syntax-tree.js';

const fileMaps = new NodeMemo<ImportMap>();

export class ImportMap {
  /** Local name -> full path (`StdMutex` -> `std::sync::Mutex`). */
  readonly names = new Map<string, string>();
  /** Paths imported with `*` (`tokio::sync`). */
  readonly globs: string[] = [];
  /**
   * `use` items written inside a block (a fn body, `{ use std::fs; .. }`), per block node id: they
   * name things only within that block, so `resolveAt` prefers them there and ignores them elsewhere.
   */
  private readonly scoped = new Map<number, Map<string, string>>();

  /** The import map of the file `node` belongs to, built once per tree (it is never changed after it is built). */
  static of(node: Node): ImportMap {
    const root = node.tree.rootNode;
    let map = fileMaps.get(root);
    if (!map) fileMaps.set(root, (map = ImportMap.fromRoot(root)));
    return map;
  }

  /** `use` items at module level (the file and its inline `mod`s) and in function bodies. */
  static fromRoot(root: Node): ImportMap {
    const map = new ImportMap();
    const moduleLevel = new Map<string, string>();
    for (const node of root.descendantsOfType('use_declaration')) {
      const arg = node?.childForFieldName('argument');
      if (!arg) continue;
      const block = node.parent?.type === 'block' ? node.parent : null;
      if (!block) {
        map.collect(arg, '', moduleLevel);
        continue;
      }
      let names = map.scoped.get(block.id);
      if (!names) map.scoped.set(block.id, (names = new Map()));
      map.collect(arg, '', names);
    }
    // Without a place to resolve from, a module-level `use` wins over one inside some block (the
    // block's own names are reached through `resolveAt`); a name only a block imports still resolves.
    for (const names of map.scoped.values()) for (const [k, v] of names) map.names.set(k, v);
    for (const [k, v] of moduleLevel) map.names.set(k, v);
    return map;
  }

  private collect(node: Node, prefix: string, into: Map<string, string>): void {
    const join = (a: string, b: string) => (a ? `${a}::${b}` : b);
    switch (node.type) {
      case 'identifier':
      case 'scoped_identifier':
      case 'crate':
      case 'self':
      case 'super': {
        const full = join(prefix, node.text);
        const last = full.split('::').pop()!;
        if (last === 'self') {
          const parent = full.split('::').slice(0, -1);
          into.set(parent[parent.length - 1]!, parent.join('::'));
        } else into.set(last, full);
        return;
      }
      case 'use_as_clause': {
        const path = node.childForFieldName('path');
        const alias = node.childForFieldName('alias');
        if (path && alias) into.set(alias.text, join(prefix, path.text));
        return;
      }
      case 'use_wildcard': {
        const inner = node.namedChildren[0];
        this.globs.push(join(prefix, inner ? inner.text : ''));
        return;
      }
      case 'scoped_use_list': {
        const path = node.childForFieldName('path');
        const list = node.childForFieldName('list');
        const next = path ? join(prefix, path.text) : prefix;
        if (list) for (const c of list.namedChildren) this.collect(c, next, into);
        return;
      }
      case 'use_list':
        for (const c of node.namedChildren) this.collect(c, prefix, into);
        return;
    }
  }

  /**
   * The full path of a path as written: `Mutex` -> `std::sync::Mutex`, `fs::read` -> `std::fs::read`,
   * `StdMutex::new` -> `std::sync::Mutex::new`. Unknown heads are returned unchanged.
   */
  resolve(written: string): string {
    let full = this.resolved.get(written);
    if (full === undefined) this.resolved.set(written, (full = this.resolveUncached(written)));
    return full;
  }

  /**
   * `resolve` as seen from `at`: a `use` in a block around `at` shadows the module's (`use
   * tokio::fs;` at the top, `{ use std::fs; .. }` in a closure handed to `spawn_blocking`).
   */
  resolveAt(written: string, at: Node): string {
    if (this.scoped.size) {
      const clean = written.replace(/\s+/g, '').replace(/::<[^>]*>/g, '').replace(/^::/, '');
      const sep = clean.indexOf('::');
      const head = sep < 0 ? clean : clean.slice(0, sep);
      for (let a = at.parent; a; a = a.parent) {
        if (a.type !== 'block') continue;
        const full = this.scoped.get(a.id)?.get(head);
        if (full) return full + clean.slice(head.length);
      }
    }
    return this.resolve(written);
  }

  /** Rules resolve the same few paths over and over: memoised per file. */
  private readonly resolved = new Map<string, string>();

  private resolveUncached(written: string): string {
    const clean = /[\s<]|^::/.test(written) ? written.replace(/\s+/g, '').replace(/::<[^>]*>/g, '').replace(/^::/, '') : written;
    const sep = clean.indexOf('::');
    const head = sep < 0 ? clean : clean.slice(0, sep);
    const full = this.names.get(head);
    return full ? full + clean.slice(head.length) : clean;
  }

  /** Whether `written` may name `fullPath`: resolved exactly, or reachable through a glob import. */
  mayName(written: string, fullPath: string): boolean {
    const resolved = this.resolve(written);
    if (resolved === fullPath) return true;
    return this.globs.some((g) => `${g}::${resolved}` === fullPath);
  }
}
