/**
 * Cross-file lookups for the change-scoped ownership rules: where a struct named in one file is
 * declared (following `use crate::state::AppState` to `src/state.rs`), and the head sources of the
 * crate's Rust files. Syntax only: a file is found by its module path, never by compiling.
 */
import type { ChangeContext } from '../../define-rule.js';
import type { Node } from '../../../rust/parser.js';
import { ImportMap } from '../../../rust/imports.js';
import { StructIndex, type StructInfo } from '../../../model/clone-cost.js';
import { STATE_FILES } from '../../../catalogue/layout.js';

export interface ParsedFile {
  path: string;
  root: Node;
  imports: ImportMap;
  structs: StructIndex;
}

/** The `src/` folder of the crate a file belongs to (`crates/api/src/`), or '' when unknown. */
export function crateSrc(path: string): string {
  const i = path.lastIndexOf('src/');
  return i >= 0 ? path.slice(0, i + 4) : '';
}

/** Candidate files for a module path (`crate::state` -> `src/state.rs`, `src/state/mod.rs`). */
function moduleFiles(src: string, modulePath: string[]): string[] {
  if (!modulePath.length) return [`${src}lib.rs`, `${src}main.rs`];
  const base = src + modulePath.join('/');
  return [`${base}.rs`, `${base}/mod.rs`];
}

/** Parses and caches head files for one rule run (the trees are freed by the engine). */
export class ProjectFiles {
  private readonly cache = new Map<string, Promise<ParsedFile | null>>();

  constructor(private readonly ctx: ChangeContext) {}

  get(path: string): Promise<ParsedFile | null> {
    let p = this.cache.get(path);
    if (!p) this.cache.set(path, (p = this.load(path)));
    return p;
  }

  /**
   * A file read for one pass over the change, not kept (the one `get` keeps when a lookup read it):
   * a whole-tree review then holds the tree of the file it reads and of the files lookups found,
   * not every file of the tree (issue 17).
   */
  read(path: string): Promise<ParsedFile | null> {
    return this.cache.get(path) ?? this.load(path);
  }

  private async load(path: string): Promise<ParsedFile | null> {
    const source = await this.ctx.readHead(path);
    if (source === undefined) return null;
    const root = this.ctx.parse(source);
    return { path, root, imports: ImportMap.fromRoot(root), structs: StructIndex.of(root) };
  }

  /** Rust files of the crate (head tree), for whole-crate scans. */
  crateFiles(path: string, limit = 400): string[] {
    const src = crateSrc(path);
    return this.ctx.project.paths.filter((p) => p.endsWith('.rs') && p.startsWith(src)).slice(0, limit);
  }

  /**
   * The declaration of struct `name` as seen from `from`: the same file, the module its `use`
   * names, then the usual homes of shared state. Returns the struct and its file's index (for
   * the costs of nested field types).
   */
  async findStruct(from: ParsedFile, name: string): Promise<{ info: StructInfo; index: StructIndex; file: ParsedFile } | null> {
    const local = from.structs.get(name);
    if (local) return { info: local, index: from.structs, file: from };
    const src = crateSrc(from.path);
    const candidates: string[] = [];
    const full = from.imports.names.get(name);
    if (full) {
      const segs = full.split('::');
      const mod = segs.slice(1, -1).filter((s) => s !== 'self');
      if (segs[0] === 'crate' || segs[0] === 'super' || /^[a-z_]\w*$/.test(segs[0]!)) candidates.push(...moduleFiles(src, mod));
    }
    candidates.push(...STATE_FILES.map((f) => src + f));
    for (const path of candidates) {
      if (path === from.path || (this.ctx.project.paths.length && !this.ctx.project.hasPath(path))) continue;
      const file = await this.get(path);
      const info = file?.structs.get(name);
      if (file && info) {
        const index = new StructIndex();
        index.merge(file.structs);
        index.merge(from.structs);
        return { info, index, file };
      }
    }
    return null;
  }
}
