/**
 * A Rust file a rule reads beyond the one the engine walks (another file of the crate, a changed
 * file of a change rule): its path, its syntax tree and its `use` items. One shape for every role;
 * a rule that needs more (a source text, a struct index, the crate model) extends it.
 */
import type { ImportMap } from './imports.js';
import type { Node } from './parser.js';

export interface ParsedFile {
  readonly path: string;
  readonly root: Node;
  readonly imports: ImportMap;
}
