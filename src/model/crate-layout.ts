/**
 * Which crate a file is in, and which module it is there: one answer, from the Cargo manifests
 * (their folders, `[lib] path`, `[[bin]] path`) and the head tree's paths, for the model and every
 * rule. A file under no package falls back to the path alone (`<dir>/src/` is a crate's source).
 *
 * Crate keys (the CrateIndex's): the folder of a target's root file with a trailing slash
 * (`crates/api/src/` for `src/lib.rs` and `src/main.rs`, `src/service/` for `[lib] path = "mod.rs"`
 * in `src/service/`), or `<src>/bin/<name>` for a binary under `src/bin/` (its modules sit beside
 * it in `src/bin/<name>/`). A file outside every target's folder (`tests/<x>.rs`, `build.rs`) is a
 * crate of its own, keyed by its path. Under a package's `tests/`, a folder with a `main.rs` is one
 * test target (`tests/e2e/`: its files are modules of it, as cargo builds it); the files of any other
 * folder are the modules integration tests share (`mod common;` -> `tests/common/mod.rs`), all in one
 * crate keyed by that `tests/` folder (`tests/common/db.rs` is its module `common::db`), which each
 * test file that declares the module reaches (mountedModule).
 *
 * Two more ways a file becomes part of a crate:
 *   - a `[[test]]` / `[[bench]]` / `[[example]]` target's `path = ".."` outside `tests/` is a crate root
 *     (`src/tests/mod.rs` -> crate `src/tests/`, its modules beside it), and what it builds is test
 *     or tooling code, never the shipped program (isTestFile);
 *   - `#[path = "x/y.rs"] mod foo;` mounts that file as module `foo` of the declaring file's crate
 *     (mounts), resolved as rustc does (the Reference, "Module Source Filenames"): outside inline
 *     modules, relative to the declaring file's folder; inside `mod a { .. }`, relative to that folder
 *     plus `a/` (plus the file's stem first, for a file that is not a `mod.rs` or crate root). A file so
 *     mounted counts as a `mod.rs`: its own `mod bar;` items are its siblings.
 */
import type { Node } from '../rust/parser.js';
import { attributeText, attributesOf, stringValue } from '../rust/syntax.js';
import { ownsModuleDir } from '../catalogue/layout.js';
import { isTestModule } from './test-attributes.js';
import { normalisePath, packageOf, type ManifestFact } from './manifests.js';
import type { ModFact } from './facts.js';
import { isTestPath } from '../rust/syntax.js';

/** A file that a `#[path]` module item (or a `mod` item of a file so mounted) makes module `module` of `from`'s module. */
export interface ModuleMount {
  from: string;
  module: string[];
}

/** A target's root file, and the crate key of the files under its folder. */
interface TargetRoot {
  /** The folder its modules live in (with a trailing slash). */
  dir: string;
  /** The folder of the package that declares it. */
  pkg: string;
  /** The root file (`src/lib.rs`, `src/service/mod.rs`): module `[]`. */
  file?: string;
}

export class CrateLayout {
  /** Folders holding a Cargo.toml (workspace manifests too), with a trailing slash ('' for the root). */
  private readonly manifestDirs: ReadonlySet<string>;
  /** Target folders, longest first: a file is in the first that holds it. */
  private readonly roots: TargetRoot[];
  private readonly rootFiles: ReadonlySet<string>;
  private readonly pathSet: ReadonlySet<string>;
  /** Folders with `src/bin/` targets. */
  private readonly binDirs: ReadonlySet<string>;
  /** Crate keys of the `[[test]]` / `[[bench]]` / `[[example]]` targets declared outside `tests/`. */
  private readonly testCrates = new Set<string>();
  /** Files `#[path]` module items mount elsewhere than their path says (see the module comment). */
  readonly mounts: ReadonlyMap<string, ModuleMount>;

  /** `files`: the `mod` items of the files read, for the modules `#[path]` mounts. */
  constructor(
    readonly manifests: readonly ManifestFact[] = [],
    readonly paths: readonly string[] = [],
    files: readonly { readonly path: string; readonly mods: readonly ModFact[] }[] = [],
  ) {
    this.pathSet = new Set(paths);
    const dirs = new Set(manifests.map((m) => m.dir));
    for (const p of paths) if (p === 'Cargo.toml' || p.endsWith('/Cargo.toml')) dirs.add(p.slice(0, -'Cargo.toml'.length));
    this.manifestDirs = dirs;
    const roots = new Map<string, TargetRoot>();
    const add = (pkg: string, file: string) => {
      const dir = file.slice(0, file.lastIndexOf('/') + 1);
      if (!roots.has(dir)) roots.set(dir, { dir, pkg, file });
    };
    const ownCrates: string[] = [];
    for (const m of manifests) {
      if (m.lib && m.name) add(m.dir, `${m.dir}${m.lib}`);
      for (const b of m.name ? (m.bins ?? []) : []) if (!isStandardBin(b)) add(m.dir, `${m.dir}${b}`);
    }
    // After the library and binaries: a test target never takes their folder.
    for (const m of manifests) {
      for (const t of m.name ? (m.testTargets ?? []) : []) {
        if (t.startsWith('tests/')) continue;
        const file = `${m.dir}${t}`;
        const dir = file.slice(0, file.lastIndexOf('/') + 1);
        // A `main.rs` / `mod.rs` root owns its folder; any other file is a crate by itself (`benches/load.rs`).
        if (ownsModuleDir(file) && !roots.has(dir)) {
          add(m.dir, file);
          this.testCrates.add(dir);
        } else {
          ownCrates.push(file);
          this.testCrates.add(file);
        }
      }
    }
    this.ownCrates = new Set(ownCrates);
    this.roots = [...roots.values()].sort((a, b) => b.dir.length - a.dir.length);
    this.rootFiles = new Set([...this.roots.map((r) => r.file!), ...ownCrates]);
    this.binDirs = new Set(paths.flatMap((p) => { const i = p.indexOf('src/bin/'); return i >= 0 && (i === 0 || p[i - 1] === '/') ? [p.slice(0, i)] : []; }));
    this.mounts = this.findMounts(files);
  }

  /** Test target files that are crates by themselves (not `main.rs` / `mod.rs` owning a folder). */
  private readonly ownCrates: ReadonlySet<string>;

  /**
   * Test or tooling code by where the file sits in the build: a test / bench / example path, a file of
   * a `[[test]]` / `[[bench]]` / `[[example]]` target declared elsewhere, or a file a `#[path]` module
   * of such code mounts.
   */
  isTestFile(path: string): boolean {
    let known = this.testFiles.get(path);
    if (known === undefined) {
      this.testFiles.set(path, false);
      const mount = this.mounts.get(path);
      known = isTestPath(path) || this.testCrates.has(this.crateOf(path)) || (!!mount && this.isTestFile(mount.from));
      this.testFiles.set(path, known);
    }
    return known;
  }

  private readonly testFiles = new Map<string, boolean>();

  /** The files `#[path]` module items mount, and the files those mount in turn (rustc's rules: see the module comment). */
  private findMounts(files: readonly { readonly path: string; readonly mods: readonly ModFact[] }[]): Map<string, ModuleMount> {
    const mounts = new Map<string, ModuleMount>();
    if (!files.some((f) => f.mods.some((m) => m.path))) return mounts;
    const modsOf = new Map(files.map((f) => [f.path, f.mods]));
    const rootLike = (f: string) => ownsModuleDir(f) || this.rootFiles.has(f) || /(^|\/)(src\/bin|tests|benches|examples)\/[^/]+\.rs$/.test(f);
    const queue = files.filter((f) => f.mods.some((m) => m.path)).map((f) => f.path);
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i]!;
      const mounted = mounts.has(file);
      const dir = file.slice(0, file.lastIndexOf('/') + 1);
      const stem = file.slice(dir.length).replace(/\.rs$/, '');
      for (const m of modsOf.get(file) ?? []) {
        if (m.inline) continue;
        const inner = m.module.map((seg) => `${seg}/`).join('');
        let candidates: string[];
        if (m.path) candidates = [normalisePath(m.module.length ? `${dir}${mounted || rootLike(file) ? '' : `${stem}/`}${inner}${m.path}` : `${dir}${m.path}`)];
        else if (mounted) candidates = [`${dir}${inner}${m.name}.rs`, `${dir}${inner}${m.name}/mod.rs`];
        else continue;
        const target = candidates.find((c) => this.pathSet.has(c));
        // A file of another package (`#[path = "../../other/src/util.rs"]`) stays that package's module too: not moved.
        if (!target || target === file || mounts.has(target) || packageOf(target, this.manifests) !== packageOf(file, this.manifests)) continue;
        mounts.set(target, { from: file, module: [...m.module, m.name] });
        if (modsOf.has(target)) queue.push(target);
      }
    }
    return mounts;
  }

  /** The package (a manifest with a `[package]`) whose folder is the nearest above `path`. */
  packageOf(path: string): ManifestFact | undefined {
    return packageOf(path, this.manifests);
  }

  /**
   * The folder (trailing slash) of the nearest Cargo.toml above `path`, or, with none, the folder
   * holding its `src/`; null when neither says.
   */
  manifestDirOf(path: string): string | null {
    const nearest = this.nearestManifestDir(path);
    if (nearest !== null) return nearest;
    const src = path.lastIndexOf('src/');
    if (src === 0) return '';
    if (src > 0 && path[src - 1] === '/') return path.slice(0, src);
    return null;
  }

  private readonly crates = new Map<string, string>();

  /** The folder (trailing slash) of the nearest Cargo.toml above `path`, or null when the tree has none above it. */
  nearestManifestDir(path: string): string | null {
    const parts = path.split('/');
    for (let i = parts.length - 1; i >= 0; i--) {
      const dir = parts.slice(0, i).join('/');
      const prefix = dir ? `${dir}/` : '';
      if (this.manifestDirs.has(prefix)) return prefix;
    }
    return null;
  }

  /** The crate key of a file (see the module comment). */
  crateOf(path: string): string {
    let crate = this.crates.get(path);
    if (crate === undefined) {
      const mount = this.mounts.get(path);
      // A mount cycle (a file mounting its mounter) ends at the file itself.
      this.crates.set(path, path);
      if (mount) crate = this.crateOf(mount.from);
      else if (this.ownCrates.has(path)) crate = path;
      else {
        const standard = crateOfPath(path);
        crate = this.declaredRoot(path)?.dir ?? (standard === path ? this.integrationTestCrate(path) ?? path : standard);
      }
      this.crates.set(path, crate);
    }
    return crate;
  }

  /** A file in a folder under a package's `tests/`: the folder's test target (it has a `main.rs`), else the shared modules' crate (`tests/`). */
  private integrationTestCrate(path: string): string | undefined {
    const m = /^((?:.*?\/)?tests\/)([^/]+)\/.+\.rs$/.exec(path);
    if (!m) return undefined;
    const folder = `${m[1]}${m[2]}/`;
    return this.pathSet.has(`${folder}main.rs`) ? folder : m[1]!;
  }

  /**
   * What an integration test file's out-of-line `mod <name>;` is: the shared module
   * `tests/<name>/mod.rs` (crate `tests/`, module [name]) or the file `tests/<name>.rs` (its own
   * crate, module []); undefined for any other crate or name.
   */
  mountedModule(crate: string, name: string): { crate: string; module: string[] } | undefined {
    const m = /^((?:.*\/)?tests\/)[^/]+\.rs$/.exec(crate);
    if (!m || crate !== this.crateOf(crate)) return undefined;
    const testsDir = m[1]!;
    if (this.pathSet.has(`${testsDir}${name}/mod.rs`)) return { crate: testsDir, module: [name] };
    const file = `${testsDir}${name}.rs`;
    return this.pathSet.has(file) && file !== crate ? { crate: file, module: [] } : undefined;
  }

  /** The module a file is in its crate: `src/db/pool.rs` -> ['db', 'pool'], `src/db/mod.rs` -> ['db'], a root file -> []. */
  moduleOfFile(path: string): readonly string[] {
    let module = this.modulesOfFiles.get(path);
    if (!module) this.modulesOfFiles.set(path, (module = this.moduleOfFileUncached(path)));
    return module;
  }

  /** Asked for every call the crate's indexes resolve (a tenth of building them, issue 17): computed once per file. */
  private readonly modulesOfFiles = new Map<string, readonly string[]>();

  private moduleOfFileUncached(path: string): string[] {
    const mount = this.mounts.get(path);
    if (mount) {
      this.modulesOfFiles.set(path, []);
      return [...this.moduleOfFile(mount.from), ...mount.module];
    }
    if (this.rootFiles.has(path)) return [];
    const crate = this.crateOf(path);
    if (crate === path) return [];
    // A binary's crate has no trailing slash: `src/bin/tool` + `/admin/mod.rs`.
    const rest = path.slice(crate.length).replace(/^\//, '').replace(/\.rs$/, '');
    if (!rest || rest === 'lib' || rest === 'main') return [];
    const segs = rest.split('/');
    if (segs[segs.length - 1] === 'mod') segs.pop();
    return segs;
  }

  /** A binary target's crate (`src/bin/<name>`, or the folder of a declared `[[bin]] path`) that is not also a library's. */
  isBinaryCrate(crate: string): boolean {
    if (/\bsrc\/bin\/[^/]+$/.test(crate)) return true;
    const root = this.roots.find((r) => r.dir === crate);
    return !!root && this.manifests.some((m) => m.dir === root.pkg && (m.bins ?? []).some((b) => `${m.dir}${b}` === root.file));
  }

  /** The crate of a `[[test]]` / `[[bench]]` / `[[example]]` target declared outside `tests/` (`src/it/` for `path = "src/it/mod.rs"`). */
  isTestTargetCrate(crate: string): boolean {
    return this.testCrates.has(crate);
  }

  /** For a binary's crate (`src/bin/tool`), the crate key of its package's library (`src/`); undefined for others. */
  libraryOfBinary(crate: string, path: string): string | undefined {
    if (!this.isBinaryCrate(crate)) return undefined;
    const pkg = this.packageOf(path);
    return pkg ? this.libraryCrateOf(pkg) : crate.replace(/bin\/[^/]+$/, '');
  }

  /** The crate key of a package's library (`[lib] path`, else `src/lib.rs`). */
  libraryCrateOf(pkg: ManifestFact): string {
    return pkg.lib ? `${pkg.dir}${pkg.lib.slice(0, pkg.lib.lastIndexOf('/') + 1)}` : `${pkg.dir}src/`;
  }

  /**
   * A file of a library crate: its package has a library and no binary target, and the file is not
   * a binary itself. From the paths when no manifest was read: `src/lib.rs` and no `src/main.rs` / `src/bin/`.
   */
  isLibraryFile(path: string): boolean {
    const dir = this.manifestDirOf(path);
    if (dir === null) return false;
    const pkg = this.manifests.find((m) => m.dir === dir && m.name);
    if (pkg?.lib) return !pkg.hasBin && !(pkg.bins ?? []).some((b) => `${dir}${b}` === path) && this.crateOf(path) === this.libraryCrateOf(pkg);
    const rel = path.slice(dir.length);
    if (!rel.startsWith('src/') || rel === 'src/main.rs' || rel.startsWith('src/bin/')) return false;
    if (this.pathSet.has(`${dir}src/main.rs`) || this.binDirs.has(dir)) return false;
    return rel === 'src/lib.rs' || this.pathSet.has(`${dir}src/lib.rs`);
  }

  /** The package folder whose `tests/` hold a file's integration tests: the nearest manifest, else the folder of its `src/`, else the root. */
  packageDirOf(path: string): string {
    const parts = path.split('/');
    for (let i = parts.length - 1; i > 0; i--) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (this.manifestDirs.has(dir)) return dir;
    }
    const src = path.lastIndexOf('/src/');
    return src >= 0 ? path.slice(0, src + 1) : '';
  }

  /** Integration test files of a package (`<dir>tests/**.rs`), shared helper modules last. */
  integrationTestFiles(packageDir: string): string[] {
    const prefix = `${packageDir}tests/`;
    const files = this.paths.filter((p) => p.startsWith(prefix) && p.endsWith('.rs'));
    const helper = (p: string) => (/\/(common|support|helpers?|util|utils)(\/|\.rs$)/.test(p.slice(prefix.length - 1)) ? 1 : 0);
    return files.sort((a, b) => helper(a) - helper(b) || a.localeCompare(b));
  }

  private declaredRoot(path: string): TargetRoot | undefined {
    if (!this.roots.length) return undefined;
    const root = this.roots.find((r) => path.startsWith(r.dir));
    if (!root || this.packageOf(path)?.dir !== root.pkg) return undefined;
    // A standard target nearer the file (`src/` of a package inside the declared root's folder) wins.
    const standard = crateOfPath(path);
    return standard !== path && standard.length > root.dir.length ? undefined : root;
  }
}

function isStandardBin(path: string): boolean {
  return path === 'src/main.rs' || /^src\/bin\/[^/]+(\.rs|\/main\.rs)$/.test(path);
}

/** `crates/api/src/` for `crates/api/src/db/mod.rs`, from the path alone; a file outside any `src/` is its own crate. */
function crateOfPath(path: string): string {
  const m = /^(.*?\bsrc\/)/.exec(path);
  if (!m) return path;
  // `src/bin/tool.rs`, or a binary of several files: `src/bin/tool/main.rs` and its modules beside it.
  const bin = /^bin\/([^/]+?)(\.rs$|\/)/.exec(path.slice(m[1]!.length));
  return bin ? `${m[1]}bin/${bin[1]}` : m[1]!;
}

/**
 * The name a file's module goes by in code: its stem (`src/digest/tests.rs` -> `tests`), the directory
 * of a `mod.rs` (`src/digest/mod.rs` -> `digest`); a crate root keeps its stem (`lib`, `main`).
 */
export function fileModuleName(path: string): string {
  const base = path.split('/').pop()!.replace(/\.rs$/, '');
  return base === 'mod' ? path.split('/').slice(-2, -1)[0] ?? base : base;
}

/** An integration test file (`tests/**.rs` of a package). */
export function isIntegrationTestPath(path: string): boolean {
  return /(^|\/)tests\/.*\.rs$/.test(path);
}

/**
 * Files of out-of-line test modules declared in `file` (`#[cfg(test)] mod tests;`, `#[cfg(all(test, ..))]`:
 * test-attributes.ts's isTestModule), honouring `#[path = ".."]`: `src/a/b.rs` -> `src/a/b/tests.rs`;
 * `src/a/mod.rs` and crate roots -> `src/a/tests.rs`.
 */
export function outOfLineTestModules(file: string, root: Node): string[] {
  const out: string[] = [];
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  const moduleDir = ownsModuleDir(file) ? dir : `${file.slice(0, -'.rs'.length)}/`;
  for (const item of root.namedChildren) {
    if (item.type !== 'mod_item' || item.childForFieldName('body') || !isTestModule(item)) continue;
    const attrs = attributesOf(item);
    const name = item.childForFieldName('name')?.text ?? '';
    const pathAttr = attrs.find((a) => /^path\s*=/.test(attributeText(a)));
    const custom = pathAttr ? stringValue(pathAttr.namedChildren.find((c) => c.type === 'attribute')?.childForFieldName('value')) : null;
    if (custom) out.push(normalisePath(dir + custom));
    else out.push(`${moduleDir}${name}.rs`, `${moduleDir}${name}/mod.rs`);
  }
  return out;
}

/** One layout per project view (rules ask per file; the scan of paths is once). */
const layouts = new WeakMap<object, CrateLayout>();

/** The layout of a review's project: the model's manifests, the head tree's paths, the `mod` items of the files the model read. */
export function layoutOf(project: {
  readonly paths: readonly string[];
  readonly model?: { readonly manifests: readonly ManifestFact[]; readonly facts?: readonly { readonly path: string; readonly mods: readonly ModFact[] }[] };
}): CrateLayout {
  let layout = layouts.get(project);
  if (!layout) {
    const manifests = project.model?.manifests ?? [];
    layout = new CrateLayout(manifests, project.paths, project.model?.facts ?? []);
    layouts.set(project, layout);
  }
  return layout;
}
