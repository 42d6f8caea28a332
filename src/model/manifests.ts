/**
 * What the model needs of Cargo manifests: each package's name (and the name its library is used
 * by), whether it builds a binary, and whom it depends on, normal or dev. From these the model
 * knows a test-support package (a workspace member that other members only depend on for their
 * tests, e.g. a fake-services or test-database crate) and resolves `my_lib::f` written in a
 * package's binary to its library. Plain data, JSON-safe, like FileFacts.
 */

export interface ManifestFact {
  /** The package's folder with a trailing slash ('' for the repository root). */
  dir: string;
  /** `[package] name` (undefined for a virtual workspace manifest). */
  name?: string;
  /** The name Rust code uses for its library: `[lib] name`, else the package name with `-` as `_`. */
  libName?: string;
  /** `src/main.rs`, `src/bin/`, or `[[bin]]` targets. */
  hasBin: boolean;
  /** Packages in `[dependencies]` / `[build-dependencies]` (target tables folded in; renamed ones by their package). */
  deps: string[];
  /** Packages in `[dev-dependencies]`. */
  devDeps: string[];
  /** Of `deps`, those marked `optional = true`: linked only when a feature turns them on. */
  optionalDeps?: string[];
  /** Features this package turns on in its dependencies, by package: `[dependencies]` / build ones. */
  depFeatures?: Record<string, string[]>;
  /** The same for `[dev-dependencies]`. */
  devFeatures?: Record<string, string[]>;
  /** `[features] default = [..]`. */
  defaultFeatures?: string[];
  /** `[features]`: what each feature turns on (`dep:x`, `x`, `x/feature`, another feature). */
  features?: Record<string, string[]>;
  /** `[workspace] exclude = [..]`: folders (relative to this manifest's) that are not members, e.g. side tools built on their own. */
  workspaceExclude?: string[];
  /** `[lib] path = ".."`, relative to the package folder, when the manifest declares one (else `src/lib.rs`). */
  lib?: string;
  /** `[[bin]] path = ".."` of each binary target that declares one, relative to the package folder. */
  bins?: string[];
  /**
   * `[[test]]` / `[[bench]]` / `[[example]]` `path = ".."` of each that declares one (`tests/e2e/tests.rs`,
   * `src/tests/mod.rs`), relative to the package folder: targets cargo builds for tests or as tooling, not the program it ships.
   */
  testTargets?: string[];
}

/** One dependency as the manifest declares it, for rules that comment on the manifest's own lines. */
export interface DependencyLine {
  /** 1-based line in the manifest. */
  line: number;
  /** The crate depended on (the `package = ".."` of a renamed dependency, else the key). */
  crate: string;
  /** `dependencies`, `dev-dependencies`, `build-dependencies` (target tables folded in; `[workspace.dependencies]` as `dependencies`). */
  kind: 'dependencies' | 'dev-dependencies' | 'build-dependencies';
}

/** A Cargo manifest as read: the facts the model keeps, and each dependency with its line. */
export interface ManifestReading {
  fact: ManifestFact;
  dependencyLines: DependencyLine[];
}

const DEP_TABLE = /^(?:target\.[^\]]*?\.)?(dependencies|dev-dependencies|build-dependencies)(?:\.([\w-]+))?$/;
/** `[workspace.dependencies]`: versions the members inherit, not dependencies of a package. */
const WORKSPACE_DEP_TABLE = /^workspace\.dependencies(?:\.([\w-]+))?$/;

/** Reads one Cargo.toml (a line-based reader: enough for package names and dependency keys). */
export function manifestFact(path: string, toml: string, paths: readonly string[] = []): ManifestFact {
  return readManifest(path, toml, paths).fact;
}

/** The package name a manifest declares (`[package] name`), or null for a virtual workspace manifest. */
export function packageName(toml: string): string | null {
  return readManifest('Cargo.toml', toml).fact.name ?? null;
}

/** Every dependency the manifest declares, with the line that declares it. */
export function dependencyLines(toml: string): DependencyLine[] {
  return readManifest('Cargo.toml', toml).dependencyLines;
}

/** Reads one Cargo.toml: its facts and its dependency lines, in one pass. */
export function readManifest(path: string, toml: string, paths: readonly string[] = []): ManifestReading {
  const dir = path.slice(0, path.length - 'Cargo.toml'.length);
  let table = '';
  let name: string | undefined;
  let libName: string | undefined;
  let bin = false;
  const deps = new Set<string>();
  const devDeps = new Set<string>();
  let oneDep: { key: string; kind: string; features: string[]; optional?: boolean; line: number } | undefined;
  const optionalDeps = new Set<string>();
  const depFeatures: Record<string, string[]> = {};
  const devFeatures: Record<string, string[]> = {};
  let defaultFeatures: string[] = [];
  let workspaceExclude: string[] = [];
  const features: Record<string, string[]> = {};
  const lines: DependencyLine[] = [];
  let lib: string | undefined;
  const bins: string[] = [];
  const testTargets: string[] = [];
  // A multi-line array being read: `exclude = [` (or a feature's list) up to its `]`.
  let pending: { table: string; key: string; text: string } | undefined;
  const add = (kind: string, key: string, renamed?: string, features: string[] = [], optional = false) => {
    (kind === 'dev-dependencies' ? devDeps : deps).add(renamed ?? key);
    if (optional && kind !== 'dev-dependencies') optionalDeps.add(renamed ?? key);
    if (!features.length) return;
    const into = kind === 'dev-dependencies' ? devFeatures : depFeatures;
    into[renamed ?? key] = [...new Set([...(into[renamed ?? key] ?? []), ...features])];
  };
  const rows = toml.split(/\r?\n/);
  for (let n = 0; n < rows.length; n++) {
    const line = rows[n]!.replace(/#.*$/, '').trim();
    if (!line) continue;
    if (pending) {
      pending.text += ` ${line}`;
      if (line.includes(']')) {
        if (pending.table === 'features') features[pending.key] = stringList(pending.text);
        else if (pending.key === 'exclude') workspaceExclude = stringList(pending.text);
        pending = undefined;
      }
      continue;
    }
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      if (oneDep) add(oneDep.kind, oneDep.key, undefined, oneDep.features, oneDep.optional);
      oneDep = undefined;
      table = header[1]!.replace(/\s+/g, '').replace(/"/g, '');
      if (table === 'bin' && line.startsWith('[[')) bin = true;
      const dep = DEP_TABLE.exec(table);
      // `[dependencies.sqlx]`: the table is one dependency (its `package = ".."` may rename it).
      if (dep?.[2]) oneDep = { key: dep[2], kind: dep[1]!, features: [], line: lines.length };
      const inherited = WORKSPACE_DEP_TABLE.exec(table)?.[1];
      if (dep?.[2] || inherited) lines.push({ line: n + 1, crate: dep?.[2] ?? inherited!, kind: (dep?.[1] ?? 'dependencies') as DependencyLine['kind'] });
      continue;
    }
    const kv = /^([\w.\-"']+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.replace(/["']/g, '');
    const value = kv[2]!;
    const str = /^"([^"]*)"/.exec(value)?.[1];
    if (table === 'package' && key === 'name' && str) name = str;
    else if (table === 'lib' && key === 'name' && str) libName = str;
    else if (table === 'lib' && key === 'path' && str) lib = normalisePath(str);
    else if (table === 'bin' && key === 'path' && str) bins.push(normalisePath(str));
    else if ((table === 'test' || table === 'bench' || table === 'example') && key === 'path' && str) testTargets.push(normalisePath(str));
    else if (oneDep && key === 'package' && str) {
      oneDep.key = str;
      lines[oneDep.line]!.crate = str;
    }
    else if (oneDep && key === 'features') oneDep.features.push(...stringList(value));
    else if (oneDep && key === 'optional') oneDep.optional = value.startsWith('true');
    else if (table === 'features') {
      if (value.startsWith('[') && !value.includes(']')) pending = { table, key, text: value };
      else features[key] = stringList(value);
      if (key === 'default') defaultFeatures = stringList(value);
    } else if (table === 'workspace' && key === 'exclude') {
      if (value.startsWith('[') && !value.includes(']')) pending = { table, key, text: value };
      else workspaceExclude = stringList(value);
    }
    else {
      const dep = DEP_TABLE.exec(table);
      const renamed = /\bpackage\s*=\s*"([^"]+)"/.exec(value)?.[1];
      if (dep && !dep[2]) add(dep[1]!, key.split('.')[0]!, renamed, stringList(/\bfeatures\s*=\s*(\[[^\]]*\])/.exec(value)?.[1] ?? ''), /\boptional\s*=\s*true\b/.test(value));
      const inherited = WORKSPACE_DEP_TABLE.exec(table);
      if ((dep && !dep[2]) || (inherited && !inherited[1])) lines.push({ line: n + 1, crate: renamed ?? key.split('.')[0]!, kind: (dep?.[1] ?? 'dependencies') as DependencyLine['kind'] });
    }
  }
  if (oneDep) add(oneDep.kind, oneDep.key, undefined, oneDep.features, oneDep.optional);
  const hasBin = bin || paths.some((p) => p === `${dir}src/main.rs` || p.startsWith(`${dir}src/bin/`));
  const fact: ManifestFact = {
    dir,
    ...(name ? { name, libName: libName ?? name.replace(/-/g, '_') } : {}),
    hasBin,
    deps: [...deps].sort(),
    devDeps: [...devDeps].sort(),
    ...(optionalDeps.size ? { optionalDeps: [...optionalDeps].sort() } : {}),
    ...(Object.keys(depFeatures).length ? { depFeatures } : {}),
    ...(Object.keys(devFeatures).length ? { devFeatures } : {}),
    ...(defaultFeatures.length ? { defaultFeatures } : {}),
    ...(Object.keys(features).length ? { features } : {}),
    ...(workspaceExclude.length ? { workspaceExclude: workspaceExclude.map((d) => d.replace(/^\.\//, '').replace(/\/?$/, '/')) } : {}),
    ...(lib ? { lib } : {}),
    ...(bins.length ? { bins } : {}),
    ...(testTargets.length ? { testTargets } : {}),
  };
  return { fact, dependencyLines: lines };
}

/** `./src/../mod.rs` -> `mod.rs`: a path as written (a target's, a `#[path]` module's), without `.` and `..`. */
export function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The strings of a one-line TOML array (`["a", "b"]`); a multi-line array is read as far as its line goes. */
function stringList(value: string): string[] {
  return [...value.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}

/**
 * Features of a package that only other members' tests turn on: some member enables it in
 * `[dev-dependencies]`, none in `[dependencies]`, and it is not a default feature. Code gated on
 * one (`#[cfg(feature = "test")] pub mod tests;`) is test-support code.
 */
export function testOnlyFeatures(manifests: readonly ManifestFact[]): Map<string, Set<string>> {
  const normal = new Map<string, Set<string>>();
  const dev = new Map<string, Set<string>>();
  const note = (into: Map<string, Set<string>>, table: Record<string, string[]> | undefined) => {
    for (const [pkg, features] of Object.entries(table ?? {})) for (const f of features) (into.get(pkg) ?? into.set(pkg, new Set()).get(pkg)!).add(f);
  };
  for (const m of manifests) {
    note(normal, m.depFeatures);
    note(dev, m.devFeatures);
  }
  const out = new Map<string, Set<string>>();
  for (const m of manifests) {
    if (!m.name) continue;
    const only = [...(dev.get(m.name) ?? [])].filter((f) => !normal.get(m.name!)?.has(f) && !(m.defaultFeatures ?? []).includes(f));
    if (only.length) out.set(m.name, new Set(only));
  }
  return out;
}

/** Whether `m`'s optional dependency `dep` is turned on only by features that only tests turn on. */
function onlyForTests(m: ManifestFact, dep: string, testOnly: ReadonlySet<string>): boolean {
  if (!m.optionalDeps?.includes(dep)) return false;
  const names = (entry: string) => entry === `dep:${dep}` || entry === dep || entry.startsWith(`${dep}/`) || entry.startsWith(`${dep}?/`);
  const enabling = Object.entries(m.features ?? {}).filter(([, entries]) => entries.some(names)).map(([f]) => f);
  // No feature names it: its implicit feature (named after it) is the switch.
  if (!enabling.length) return testOnly.has(dep);
  return enabling.every((f) => testOnly.has(f));
}

/** The package folder of a file: the longest manifest folder above it. */
export function packageOf(path: string, manifests: readonly ManifestFact[]): ManifestFact | undefined {
  let best: ManifestFact | undefined;
  for (const m of manifests) if (m.name && path.startsWith(m.dir) && (!best || m.dir.length > best.dir.length)) best = m;
  return best;
}

/**
 * Packages only used by the other members' tests: some member lists it in `[dev-dependencies]`
 * and none in `[dependencies]` / `[build-dependencies]`. A published library that a member happens
 * to test with is not one: it has a normal dependant too, or none in the workspace at all.
 */
export function testSupportPackages(manifests: readonly ManifestFact[]): Set<string> {
  const normal = new Set<string>();
  const dev = new Set<string>();
  const testOnly = testOnlyFeatures(manifests);
  for (const m of manifests) {
    // An optional dependency that only test-only features turn on (`testing = ["dep:fakes"]`) is a test dependency.
    for (const d of m.deps) if (!onlyForTests(m, d, testOnly.get(m.name ?? '') ?? new Set())) normal.add(d);
    for (const d of m.devDeps) if (d !== m.name) dev.add(d);
  }
  const members = new Set(manifests.flatMap((m) => (m.name ? [m.name] : [])));
  return new Set([...dev].filter((d) => members.has(d) && !normal.has(d)));
}

/**
 * A package a workspace around it leaves out (`[workspace] exclude = ["tools/tester"]`): built on
 * its own, not with the programs the workspace ships (a side tool, a load tester, a sample).
 */
export function outsideWorkspace(pkg: ManifestFact, manifests: readonly ManifestFact[]): boolean {
  return manifests.some((m) => (m.workspaceExclude ?? []).some((d) => pkg.dir.startsWith(`${m.dir}${d}`)));
}

