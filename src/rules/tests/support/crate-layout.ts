/** Where a crate keeps its tests, from the head tree's path list alone (no reads). */
import type { Node } from '../../../rust/parser.js';
import { attributeText, attributesOf, stringValue } from '../../../rust/syntax.js';
import { ownsModuleDir } from '../../../catalogue/layout.js';

const manifestDirs = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Folders holding a `Cargo.toml`, once per path list (coverage asks for every row of a review). */
function manifestsIn(paths: readonly string[]): ReadonlySet<string> {
  let dirs = manifestDirs.get(paths);
  if (!dirs) manifestDirs.set(paths, (dirs = new Set(paths.filter((p) => p === 'Cargo.toml' || p.endsWith('/Cargo.toml')).map((p) => p.slice(0, -'Cargo.toml'.length)))));
  return dirs;
}

/** The folder of the nearest `Cargo.toml` above `path` ('' for the repository root). */
export function crateRootOf(path: string, paths: readonly string[]): string {
  const manifests = manifestsIn(paths);
  const parts = path.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    const dir = `${parts.slice(0, i).join('/')}/`;
    if (manifests.has(dir)) return dir;
  }
  // No manifest above it: a `src/` folder marks the crate, else the repository root.
  const src = path.lastIndexOf('/src/');
  return src >= 0 ? path.slice(0, src + 1) : '';
}

/** Integration test files of the crate (`<crate>/tests/**.rs`), shared helper modules last. */
export function integrationTestFiles(crateRoot: string, paths: readonly string[]): string[] {
  const prefix = `${crateRoot}tests/`;
  const files = paths.filter((p) => p.startsWith(prefix) && p.endsWith('.rs'));
  const helper = (p: string) => /\/(common|support|helpers?|util|utils)(\/|\.rs$)/.test(p.slice(prefix.length - 1)) ? 1 : 0;
  return files.sort((a, b) => helper(a) - helper(b) || a.localeCompare(b));
}

export function isIntegrationTestPath(path: string): boolean {
  return /(^|\/)tests\/.*\.rs$/.test(path);
}

/**
 * Files of out-of-line test modules declared in `file` (`#[cfg(test)] mod tests;`, honouring
 * `#[path = ".."]`): `src/a/b.rs` -> `src/a/b/tests.rs`; `src/a/mod.rs` and crate roots -> `src/a/tests.rs`.
 */
export function outOfLineTestModules(file: string, root: Node): string[] {
  const out: string[] = [];
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  const ownsDir = ownsModuleDir(file);
  const moduleDir = ownsDir ? dir : `${file.slice(0, -'.rs'.length)}/`;
  for (const item of root.namedChildren) {
    if (item.type !== 'mod_item' || item.childForFieldName('body')) continue;
    const attrs = attributesOf(item);
    const name = item.childForFieldName('name')?.text ?? '';
    const isTest = name === 'tests' || attrs.some((a) => /^cfg\s*\(\s*test\s*\)$/.test(attributeText(a).replace(/\s+/g, ' ')));
    if (!isTest) continue;
    const pathAttr = attrs.find((a) => /^path\s*=/.test(attributeText(a)));
    const custom = pathAttr ? stringValue(pathAttr.namedChildren.find((c) => c.type === 'attribute')?.childForFieldName('value')) : null;
    if (custom) out.push(normalise(dir + custom));
    else out.push(`${moduleDir}${name}.rs`, `${moduleDir}${name}/mod.rs`);
  }
  return out;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}
