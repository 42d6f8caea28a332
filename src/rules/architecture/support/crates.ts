/** Crate layout read from file paths only (no Cargo metadata): which crate a file belongs to. */
import type { ProjectView } from '../../define-rule.js';

/** The crate directory (with trailing slash, '' for the root crate) of a source file, or null. */
export function crateDirOf(path: string, project?: ProjectView): string | null {
  const parts = path.split('/');
  // The nearest directory upwards with a Cargo.toml, when the project tree is known.
  if (project && project.paths.length) {
    for (let i = parts.length - 1; i >= 0; i--) {
      const dir = parts.slice(0, i).join('/');
      const prefix = dir ? `${dir}/` : '';
      if (project.hasPath(`${prefix}Cargo.toml`)) return prefix;
    }
  }
  const src = path.lastIndexOf('src/');
  if (src === 0) return '';
  if (src > 0 && path[src - 1] === '/') return path.slice(0, src);
  return null;
}

/**
 * A library crate: it has `src/lib.rs` and no `src/main.rs` / `src/bin/`, and the file is not a
 * binary target itself. With an unknown project tree only `src/lib.rs` itself is known to be one.
 */
export function isLibraryCrateFile(path: string, project: ProjectView): boolean {
  const dir = crateDirOf(path, project);
  if (dir === null) return false;
  const rel = path.slice(dir.length);
  if (!rel.startsWith('src/') || rel === 'src/main.rs' || rel.startsWith('src/bin/')) return false;
  if (project.hasPath(`${dir}src/main.rs`) || hasBinaries(project, dir)) return false;
  return rel === 'src/lib.rs' || project.hasPath(`${dir}src/lib.rs`);
}

/** Crate dirs with `src/bin/` targets, computed once per project (a scan per file is quadratic). */
const binaryCrates = new WeakMap<ProjectView, Set<string>>();

function hasBinaries(project: ProjectView, dir: string): boolean {
  let dirs = binaryCrates.get(project);
  if (!dirs) {
    dirs = new Set(project.paths.flatMap((p) => { const i = p.indexOf('src/bin/'); return i >= 0 && (i === 0 || p[i - 1] === '/') ? [p.slice(0, i)] : []; }));
    binaryCrates.set(project, dirs);
  }
  return dirs.has(dir);
}
