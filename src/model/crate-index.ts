/**
 * The crate index: modules (from file paths and `mod` items), `use` resolution across modules
 * (`crate::`, `super::`, `self::`, re-exports, aliases, globs), and the items of every module (fns
 * with their signatures, structs with their fields' types, type aliases, consts, `macro_rules!`).
 * Built from FileFacts only: no tree, no parsing. Several crates of a workspace live side by side,
 * keyed by their root's folder (crate-layout.ts: which crate a file is in, from the manifests).
 */
import type { ConstFact, FieldInitFact, FieldUseFact, FileFacts, FnFact, MacroRulesFact, StructFact, TypeFact } from './facts.js';
import type { ManifestFact } from './manifests.js';
import { CrateLayout, isIntegrationTestPath } from './crate-layout.js';
import { expandItemMacro } from './macro-items.js';

/** One fn of the crate, with the file that holds it. */
export interface FnRef {
  file: FileFacts;
  fn: FnFact;
  /** Stable identity: `path:line:name`. */
  key: string;
}

const modKey = (crate: string, module: readonly string[]): string => `${crate}|${module.join('::')}`;

/** What a path names in the crate: an item of a module (fn, type, const) or a module. */
export interface Resolved {
  crate: string;
  module: string[];
  /** The item's name in `module`; undefined when the path names the module itself. */
  name?: string;
}

interface UseInfo {
  local: string;
  target: string;
  glob: boolean;
  pub: boolean;
  from: string[];
}

interface ModuleInfo {
  crate: string;
  module: string[];
  children: Set<string>;
  uses: UseInfo[];
  /** `uses` looked up as `resolve` does, made on its first visit (the index is complete by then): the first non-glob `use` of each local name, and the globs in order. */
  lookup?: { byLocal: Map<string, UseInfo>; globs: UseInfo[] };
  fns: Map<string, FnRef[]>;
  types: Set<string>;
  /** Its consts and statics (`pub const ROUTES: Routes = ..`): a path may name one (a route constant). */
  values: Set<string>;
  /** The `#[cfg(..)]` gates on its `mod` declaration (`test`, `feature=x`). */
  cfg?: string[];
  /** By depth, its glob search when known to answer nothing (see `CrateIndex.searchGlobs`); null: it may answer. */
  deadSearches?: (DeadSearch | null)[];
}

/** Whether the module declares an item of that name (fn, type, const or static). */
const declares = (m: ModuleInfo | undefined, name: string): boolean => !!m && (m.fns.has(name) || m.types.has(name) || m.values.has(name));

function usesOf(m: ModuleInfo): NonNullable<ModuleInfo['lookup']> {
  if (!m.lookup) {
    const byLocal = new Map<string, UseInfo>();
    for (const u of m.uses) if (!u.glob && !byLocal.has(u.local)) byLocal.set(u.local, u);
    m.lookup = { byLocal, globs: m.uses.filter((u) => u.glob) };
  }
  return m.lookup;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * What a glob search that answered nothing did (see `CrateIndex.searchGlobs`), run with a placeholder
 * for the searched path: the same search of another path does the same while that path's first
 * segment names nothing in `heads` and no path of it is already being resolved.
 */
interface DeadSearch {
  /** Steps it took (at most the budget and one). */
  steps: number;
  /** Where it looked the path's first segment up: a module's items, `use`s and children (and the crate root's children, for a path's first segment). */
  heads: { module: ModuleInfo; root: ModuleInfo | undefined }[];
  /** The modules (`modKey`) of the paths it resolved. */
  modules: Set<string>;
}

interface Probe {
  placeholder: string;
  heads: DeadSearch['heads'];
  modules: Set<string>;
  /** False when a path of the search did not end with the placeholder (it walked into it): not reusable. */
  exact: boolean;
}

const PIPE = '|'.charCodeAt(0);

/** Steps one top-level `resolve` may take through `use` items and globs. */
const RESOLVE_STEP_BUDGET = 200;
/** A trait a type implements, and where the impl is (which names the trait). */
interface TraitImpl {
  trait: string;
  crate: string;
  module: string[];
}

/** How deep one `resolve` follows `use` items and globs. */
const MAX_RESOLVE_DEPTH = 12;

export class CrateIndex {
  readonly files = new Map<string, FileFacts>();
  readonly fns: FnRef[] = [];
  private readonly modules = new Map<string, ModuleInfo>();
  /** `crate|Type::method` -> methods of `impl Type` (and trait default methods under the trait's name). */
  private readonly methods = new Map<string, FnRef[]>();
  /** `crate|method` -> every method of that name in the crate. */
  private readonly methodsByName = new Map<string, FnRef[]>();
  /** `crate|name` -> fns of that name anywhere in the crate (free or not). */
  private readonly fnsByName = new Map<string, FnRef[]>();
  private readonly structs = new Map<string, { file: FileFacts; struct: StructFact }[]>();
  private readonly typeFacts = new Map<string, { file: FileFacts; type: TypeFact }[]>();
  private readonly consts = new Map<string, { file: FileFacts; constant: ConstFact }[]>();
  private readonly macros = new Map<string, { file: FileFacts; macro: MacroRulesFact }[]>();
  private readonly byKey = new Map<string, FnRef>();
  private readonly byFile = new Map<string, FnRef[]>();
  /** `crate|name` -> files using the name as a value (a fn pointer). */
  private readonly fnValues = new Map<string, string[]>();
  /** `crate|field` -> what each file does with fields of that name. */
  private readonly fieldUseMap = new Map<string, { file: FileFacts; use: FieldUseFact }[]>();
  /** `crate|Struct.field` -> struct expressions initialising it. */
  private readonly fieldInitMap = new Map<string, { file: FileFacts; init: FieldInitFact }[]>();

  /** A package's library as Rust code names it (`my_app`) -> its crate key (`my-app/src/`). */
  private readonly libraries = new Map<string, string>();

  /** Which crate and module each file is (the manifests' targets, else the paths). */
  readonly layout: CrateLayout;

  constructor(facts: readonly FileFacts[], manifests: readonly ManifestFact[] = []) {
    // The files read: which folders of `tests/` are test targets (a `main.rs`) and which modules they share.
    this.layout = new CrateLayout(manifests, facts.map((f) => f.path), facts);
    for (const f of facts) this.files.set(f.path, f);
    for (const f of this.files.values()) this.addFile(f);
    // Fns the crate's own macros write (`impl Order { by_id!(orders); }`): every definition is indexed by now.
    for (const f of this.files.values()) this.addMacroFns(f);
    for (const m of manifests) {
      const lib = m.name ? this.layout.libraryCrateOf(m) : undefined;
      if (m.libName && lib && this.modules.has(modKey(lib, []))) this.libraries.set(m.libName, lib);
    }
  }

  /** The crate key of a file (`crates/api/src/`; see crate-layout.ts). */
  crateOf(path: string): string {
    return this.layout.crateOf(path);
  }

  /** The module a file is in its crate (`src/db/pool.rs` -> ['db', 'pool']). */
  moduleOfFile(path: string): readonly string[] {
    return this.layout.moduleOfFile(path);
  }

  /**
   * The library crate a binary target of the same package uses (`src/bin/server.rs` -> `src/`), or
   * the crate a path's first segment names (`my_app::App::new` written in another member).
   */
  libraryCrate(crate: string, firstSegment?: string): string | undefined {
    if (firstSegment !== undefined) {
      const named = this.libraries.get(firstSegment);
      if (named || !isIntegrationTestPath(crate) || this.layout.packageOf(crate)) return named;
      // An integration test of a package whose Cargo.toml the review has not read (a partial tree)
      // names the package's library by a name nothing here gives: it can only mean that library.
      const lib = `${this.layout.packageDirOf(crate)}src/`;
      return this.modules.has(modKey(lib, [])) ? lib : undefined;
    }
    if (!this.layout.isBinaryCrate(crate)) return undefined;
    const pkg = this.layout.packageOf(crate);
    const lib = pkg ? this.layout.libraryCrateOf(pkg) : /^(.*?\bsrc\/)bin\/[^/]+$/.exec(crate)?.[1];
    return lib && lib !== crate && this.modules.has(modKey(lib, [])) ? lib : undefined;
  }


  private module(crate: string, module: string[]): ModuleInfo {
    const key = modKey(crate, module);
    let m = this.modules.get(key);
    if (!m) {
      m = { crate, module, children: new Set(), uses: [], fns: new Map(), types: new Set(), values: new Set() };
      this.modules.set(key, m);
      if (module.length) this.module(crate, module.slice(0, -1)).children.add(module[module.length - 1]!);
    }
    return m;
  }

  private addFile(f: FileFacts): void {
    const crate = this.crateOf(f.path);
    const base = this.moduleOfFile(f.path);
    const abs = (m: string[]) => [...base, ...m];
    this.module(crate, [...base]);
    for (const m of f.mods) {
      const info = this.module(crate, [...abs(m.module), m.name]);
      if (m.cfg) info.cfg = [...new Set([...(info.cfg ?? []), ...m.cfg])];
    }
    for (const u of f.uses) this.module(crate, abs(u.module)).uses.push({ local: u.local, target: u.target, glob: u.glob, pub: u.pub, from: abs(u.module) });
    for (const fn of f.fns) this.addFn(f, crate, fn);
    for (const s of f.structs) {
      push(this.structs, `${crate}|${s.name}`, { file: f, struct: s });
      this.module(crate, abs(s.module)).types.add(s.name);
    }
    for (const t of f.types) {
      push(this.typeFacts, `${crate}|${t.name}`, { file: f, type: t });
      this.module(crate, abs(t.module)).types.add(t.name);
    }
    for (const c of f.consts) {
      push(this.consts, `${crate}|${c.name}`, { file: f, constant: c });
      this.module(crate, abs(c.module)).values.add(c.name);
    }
    for (const m of f.macroRules) push(this.macros, `${crate}|${m.name}`, { file: f, macro: m });
    for (const v of f.fnValues) push(this.fnValues, `${crate}|${v}`, f.path);
    for (const use of f.fieldUses ?? []) push(this.fieldUseMap, `${crate}|${use.field}`, { file: f, use });
    for (const init of f.fieldInits ?? []) push(this.fieldInitMap, `${crate}|${init.struct}.${init.field}`, { file: f, init });
  }

  private addFn(f: FileFacts, crate: string, fn: FnFact): void {
    const ref: FnRef = { file: f, fn, key: `${f.path}:${fn.line}:${fn.name}` };
    if (this.byKey.has(ref.key)) return;
    this.fns.push(ref);
    this.byKey.set(ref.key, ref);
    push(this.byFile, f.path, ref);
    push(this.fnsByName, `${crate}|${fn.name}`, ref);
    if (fn.owner) {
      push(this.methods, `${crate}|${fn.owner}::${fn.name}`, ref);
      push(this.methodsByName, `${crate}|${fn.name}`, ref);
    } else push(this.module(crate, [...this.moduleOfFile(f.path), ...fn.module]).fns, fn.name, ref);
  }

  /** The fns a file's item-level invocations of the crate's `macro_rules!` define (macro-items.ts). */
  private addMacroFns(f: FileFacts): void {
    if (!f.itemMacros?.length) return;
    const crate = this.crateOf(f.path);
    // A definition without fn-writing rules writes none: with another of the same name, which applies is not known.
    const definitions = (name: string) => this.macroRules(crate, name).map((d) => d.macro.itemRules ?? []);
    for (const m of f.itemMacros) {
      if (!m.args || !this.macroRules(crate, m.name).length) continue;
      const site = { owner: m.owner, line: m.line, endLine: m.endLine ?? m.line, test: !!m.test };
      for (const fn of expandItemMacro(m.name, m.args, site, definitions)) this.addFn(f, crate, { ...fn, module: m.module });
    }
  }

  /** What the crate's files do with fields named `field` (of any struct: check `use.owner`). */
  fieldUses(crate: string, field: string): readonly { file: FileFacts; use: FieldUseFact }[] {
    return this.fieldUseMap.get(`${crate}|${field}`) ?? [];
  }

  /** The struct expressions of the crate that initialise `Struct.field` with a construction. */
  fieldInits(crate: string, struct: string, field: string): readonly { file: FileFacts; init: FieldInitFact }[] {
    return this.fieldInitMap.get(`${crate}|${struct}.${field}`) ?? [];
  }

  /** Files of the crate that use `name` as a value (a fn passed or stored, not called). */
  filesUsingAsValue(crate: string, name: string): readonly string[] {
    return this.fnValues.get(`${crate}|${name}`) ?? [];
  }

  /** The fns of one file, in source order. */
  fnsOfFile(path: string): readonly FnRef[] {
    return this.byFile.get(path) ?? [];
  }

  fnByKey(key: string): FnRef | undefined {
    return this.byKey.get(key);
  }

  /** The absolute module of code in `file` inside the inline module `inline`. */
  /** The `#[cfg(..)]` gates on the declarations of a module and of every module above it. */
  cfgGatesOf(crate: string, module: readonly string[]): readonly string[] {
    const key = modKey(crate, module);
    let out = this.gates.get(key);
    if (!out) {
      out = [];
      for (let n = 1; n <= module.length; n++) out.push(...(this.modules.get(modKey(crate, module.slice(0, n)))?.cfg ?? []));
      this.gates.set(key, out);
    }
    return out;
  }

  /** `cfgGatesOf` by module key: asked for every fn of the crate (where it runs), computed once per module. */
  private readonly gates = new Map<string, string[]>();

  moduleAt(file: FileFacts, inline: readonly string[]): string[] {
    return [...this.moduleOfFile(file.path), ...inline];
  }

  /** Every fn of the crate named `name` (free fns and methods). */
  fnsNamed(crate: string, name: string): readonly FnRef[] {
    return this.fnsByName.get(`${crate}|${name}`) ?? [];
  }

  /** Methods named `name` of `impl Type` blocks (or of a trait's own default methods). */
  methodsOf(crate: string, type: string, name: string): readonly FnRef[] {
    return this.methods.get(`${crate}|${type}::${name}`) ?? [];
  }

  private implsByType?: Map<string, TraitImpl[]>;

  /**
   * The default methods named `name` of the traits `type` implements (`impl Job for Sync {..}`
   * leaves `enqueue` to `trait Job`), wherever the trait is declared: the impl's module names it.
   */
  traitDefaultMethods(crate: string, type: string, name: string): FnRef[] {
    if (!this.implsByType) {
      const impls = (this.implsByType = new Map<string, TraitImpl[]>());
      const add = (c: string, owner: string, trait: string, module: string[]) => {
        const list = impls.get(`${c}|${owner}`) ?? impls.set(`${c}|${owner}`, []).get(`${c}|${owner}`)!;
        if (!list.some((i) => i.trait === trait)) list.push({ trait, crate: c, module });
      };
      for (const ref of this.fns) {
        const { owner, trait } = ref.fn;
        if (owner && trait && !ref.fn.inTraitDefinition) add(this.crateOf(ref.file.path), owner, trait, this.moduleAt(ref.file, ref.fn.module));
      }
      // Impls that declare no fn leave every method to the trait's defaults (`impl Job for Sync { const NAME: .. }`).
      for (const file of this.files.values()) for (const impl of file.emptyTraitImpls ?? []) add(this.crateOf(file.path), impl.owner, impl.trait, this.moduleAt(file, impl.module));
    }
    const out: FnRef[] = [];
    for (const impl of this.implsByType.get(`${crate}|${type}`) ?? []) {
      const home = this.typeHome(impl.crate, impl.module, impl.trait);
      if (home) out.push(...this.methodsOf(home, impl.trait, name).filter((m) => m.fn.inTraitDefinition));
    }
    return out;
  }

  /** Every method named `name` in the crate, whatever its type. */
  methodsNamed(crate: string, name: string): readonly FnRef[] {
    return this.methodsByName.get(`${crate}|${name}`) ?? [];
  }

  structsNamed(crate: string, name: string): readonly { file: FileFacts; struct: StructFact }[] {
    return this.structs.get(`${crate}|${name}`) ?? [];
  }

  /**
   * The files declaring the struct `name` as code of the file at `path` names it: the file's own, or
   * the one its module's `use`s and paths lead to (`use crate::state::AppState` -> `src/state.rs`).
   */
  structFilesSeenFrom(path: string, name: string): string[] {
    const crate = this.crateOf(path);
    const r = this.resolve(crate, this.moduleOfFile(path), name);
    if (!r?.name || r.name.includes('::')) return [];
    const module = r.module.join('::');
    return this.structsNamed(r.crate, r.name).filter((s) => this.moduleAt(s.file, s.struct.module).join('::') === module).map((s) => s.file.path);
  }

  /** Every struct of the crate. */
  *allStructs(): Generator<{ crate: string; file: FileFacts; struct: StructFact }> {
    for (const [key, list] of this.structs) for (const s of list) yield { crate: key.slice(0, key.indexOf('|')), ...s };
  }

  /**
   * The crate declaring the type `name` as code of `crate`'s `module` names it: the crate itself when
   * it declares one of that name, else the crate its `use` leads to (`use jobs_core::Queue` in another
   * member); undefined when neither holds it.
   */
  typeHome(crate: string, module: readonly string[], name: string): string | undefined {
    if (this.declaresType(crate, name)) return crate;
    const r = this.resolve(crate, module, name);
    return r?.name === name && this.declaresType(r.crate, name) ? r.crate : undefined;
  }

  /**
   * The struct a type path names as written in `crate`'s `module` (`rooms::Service`, `Service`, a
   * `use`d one of another member): the one its path resolves to, else the crate's only struct of
   * that name. Undefined when neither says which.
   */
  structAt(crate: string, module: readonly string[], written: string): { crate: string; file: FileFacts; struct: StructFact } | undefined {
    const r = this.resolve(crate, module, written);
    if (r?.name && !r.name.includes('::')) {
      const at = r.module.join('::');
      const found = this.structsNamed(r.crate, r.name).filter((s) => this.moduleAt(s.file, s.struct.module).join('::') === at);
      if (found.length === 1) return { crate: r.crate, ...found[0]! };
    }
    const name = written.slice(written.lastIndexOf(':') + 1);
    const home = this.typeHome(crate, module, name);
    const only = home ? this.structsNamed(home, name) : [];
    return only.length === 1 ? { crate: home!, ...only[0]! } : undefined;
  }

  /** A type the crate declares (struct, enum, trait, alias) by name. */
  declaresType(crate: string, name: string): boolean {
    return this.structs.has(`${crate}|${name}`) || this.typeFacts.has(`${crate}|${name}`);
  }

  /** For a trait of the crate: whether its `unsafe fn` `method` documents a `# Safety` contract; undefined when the crate declares no such trait. */
  traitDocumentsSafety(crate: string, trait: string, method: string): boolean | undefined {
    const traits = this.typeFacts.get(`${crate}|${trait}`)?.filter((t) => t.type.kind === 'trait');
    if (!traits?.length) return undefined;
    return traits.some((t) => t.type.safetyDocumented?.includes(method));
  }

  /** The enums, traits and aliases of the crate named `name`. */
  typesNamed(crate: string, name: string): readonly { file: FileFacts; type: TypeFact }[] {
    return this.typeFacts.get(`${crate}|${name}`) ?? [];
  }

  typeAlias(crate: string, name: string): string | undefined {
    return this.typeFacts.get(`${crate}|${name}`)?.find((t) => t.type.kind === 'alias')?.type.target;
  }

  constsNamed(crate: string, name: string): readonly { file: FileFacts; constant: ConstFact }[] {
    return this.consts.get(`${crate}|${name}`) ?? [];
  }

  /** Every `macro_rules!` macro of every crate. */
  *allMacroRules(): Generator<{ crate: string; file: FileFacts; macro: MacroRulesFact }> {
    for (const [key, list] of this.macros) for (const m of list) yield { crate: key.slice(0, key.indexOf('|')), ...m };
  }

  macroRules(crate: string, name: string): readonly { file: FileFacts; macro: MacroRulesFact }[] {
    return this.macros.get(`${crate}|${name}`) ?? [];
  }

  /**
   * What `written` (a path as written in code of module `from`) names in the crate: follows `use`
   * items (aliases, re-exports, globs), `crate::`, `self::`, `super::` and child modules. Null for
   * external paths (`std::fs::read`) and names the index does not hold.
   */
  resolve(crate: string, from: readonly string[], written: string, depth = 0): Resolved | null {
    if (depth > MAX_RESOLVE_DEPTH || !written) return null;
    // Globs that re-export each other (`pub use super::*` in sibling modules) make the search branch at
    // every step: a real crate (Plume) hung the review for minutes. A top-level answer is memoised, a path
    // met again while it is being resolved is a cycle, and one top-level question gets a bounded number
    // of steps (an unresolved name is what the index says of names it cannot see anyway).
    const here = modKey(crate, from);
    const key = `${here}|${written}`;
    if (depth === 0) {
      const known = this.resolved.get(key);
      if (known !== undefined) return known;
      this.steps = 0;
    }
    const probe = this.probes[this.probes.length - 1];
    if (probe) {
      probe.modules.add(here);
      if (!key.endsWith(probe.placeholder)) probe.exact = false;
    }
    if (this.resolving.includes(key) || ++this.steps > RESOLVE_STEP_BUDGET) return null;
    this.resolving.push(key);
    try {
      const found = this.resolveUncached(crate, from, here, written, depth);
      if (depth === 0) this.resolved.set(key, found);
      return found;
    } finally {
      this.resolving.pop();
    }
  }

  private readonly resolved = new Map<string, Resolved | null>();
  /**
   * The paths being resolved, outermost first (at most the depth limit): searched by comparing, not
   * hashing, since most keys are new strings met once (issue 17: hashing them was a tenth of resolving).
   */
  private resolving: string[] = [];
  private steps = 0;

  private resolveUncached(crate: string, from: readonly string[], fromKey: string, written: string, depth: number): Resolved | null {
    const path = written.startsWith('::') ? written.slice(2) : written;
    // The first segment alone decides most steps (a glob search tries one prefix after another): the
    // path is split only when it is walked.
    const cut = path.indexOf('::');
    const first = cut < 0 ? path : path.slice(0, cut);
    const segs = first === 'crate' || first === 'self' || first === 'super' ? path.split('::') : [];
    let module: string[];
    let i = 0;
    if (first === 'crate') {
      module = [];
      i = 1;
    } else if (first === 'self') {
      module = [...from];
      i = 1;
    } else if (first === 'super') {
      module = [...from];
      while (segs[i] === 'super') {
        module.pop();
        i++;
      }
    } else {
      const here = this.modules.get(fromKey);
      // A name of this module: its own item, a `use` binding, a child module, a glob.
      if (cut < 0 && declares(here, first)) return { crate, module: [...from], name: first };
      const bound = here && usesOf(here).byLocal.get(first);
      if (bound) return this.resolve(crate, bound.from, cut < 0 ? bound.target : `${bound.target}${path.slice(cut)}`, depth + 1);
      const root = this.modules.get(modKey(crate, []));
      const rootChild = !!root?.children.has(first);
      // An integration test's `mod common;`: the module the package's test files share (crate-layout.ts).
      const mounted = !from.length && rootChild ? this.layout.mountedModule(crate, first) : undefined;
      if (mounted) return cut < 0 ? { crate: mounted.crate, module: mounted.module } : this.resolve(mounted.crate, mounted.module, `self${path.slice(cut)}`, depth + 1);
      if (here?.children.has(first)) module = [...from, first];
      else if (!rootChild && this.libraries.has(first)) {
        // Another crate of the workspace by its library's name (`use jobs_core::Queue`, a path dependency).
        const lib = this.libraries.get(first)!;
        return cut < 0 ? { crate: lib, module: [] } : this.resolve(lib, [], `crate${path.slice(cut)}`, depth + 1);
      } else {
        if (this.probes.length) this.noteHead(first, here, root);
        // What a glob brings in wins over a crate-root module of that name: since Rust 2018 such a module
        // is in scope unqualified only in the crate root itself (elsewhere through `crate::` or a `use`).
        // The root module stays the last resort, for 2015-style paths.
        const globbed = here ? this.searchGlobs(crate, here, written, depth) : null;
        if (globbed || !rootChild) return globbed;
        module = [first];
      }
      segs.push(...path.split('::'));
      i = 1;
    }
    for (; i < segs.length; i++) {
      const seg = segs[i]!;
      const m = this.modules.get(modKey(crate, module));
      if (!m) return null;
      if (m.children.has(seg)) {
        const mounted = !module.length ? this.layout.mountedModule(crate, seg) : undefined;
        if (mounted) return i === segs.length - 1 ? { crate: mounted.crate, module: mounted.module } : this.resolve(mounted.crate, mounted.module, ['self', ...segs.slice(i + 1)].join('::'), depth + 1);
        module = [...module, seg];
        continue;
      }
      if (this.probes.length) this.noteHead(seg, m, undefined);
      const last = i === segs.length - 1;
      if (declares(m, seg)) return last ? { crate, module, name: seg } : { crate, module, name: segs.slice(i).join('::') };
      const reexport = usesOf(m).byLocal.get(seg);
      if (reexport) return this.resolve(crate, reexport.from, [reexport.target, ...segs.slice(i + 1)].join('::'), depth + 1);
      return this.searchGlobs(crate, m, segs.slice(i).join('::'), depth);
    }
    return { crate, module };
  }

  /**
   * The glob search of `rest`, a path whose first segment module `m` does not bind (no item, `use`,
   * child module or library of that name): each glob's target put before it, in order, until one
   * answers. Most such searches answer nothing: the first segment is an external name (`Ok`,
   * `diesel::update`) and each glob of another crate (`use diesel::prelude::*`) only puts its
   * target before it and searches again, down to the depth limit. What a search from `m` at this
   * depth does is the same whatever `rest` is, as long as its first segment names nothing where
   * the search looks at it, and no path of it is already being resolved: so it is run once with a
   * name that cannot name anything (see `DeadSearch`), and when it answered nothing, later
   * searches count its steps against the budget without taking them. The budget then runs out
   * exactly where it did (it decides what the searches after this one find): same answers.
   */
  private searchGlobs(crate: string, m: ModuleInfo, rest: string, depth: number): Resolved | null {
    const globs = usesOf(m).globs;
    if (!globs.length) return null;
    const dead = this.deadSearch(crate, m, rest, depth);
    if (dead) {
      this.steps = Math.min(this.steps + dead.steps, RESOLVE_STEP_BUDGET + 1);
      const probe = this.probes[this.probes.length - 1];
      if (probe) {
        // Inside a search run with a placeholder: what this one looked at is part of what that one did.
        if (!rest.endsWith(probe.placeholder)) probe.exact = false;
        for (const m of dead.modules) probe.modules.add(m);
        if (rest === probe.placeholder) for (const h of dead.heads) probe.heads.push(h);
      }
      return null;
    }
    for (const g of globs) {
      const found = this.resolve(crate, g.from, `${g.target}::${rest}`, depth + 1);
      if (found) return found;
    }
    return null;
  }

  /** Searches being run with a placeholder, innermost last. */
  private readonly probes: Probe[] = [];
  private probeCount = 0;

  private deadSearch(crate: string, m: ModuleInfo, rest: string, depth: number): DeadSearch | undefined {
    const known = (m.deadSearches ??= []);
    let dead = known[depth];
    if (dead === undefined) known[depth] = dead = this.probeGlobs(crate, m, depth);
    if (!dead) return undefined;
    const cut = rest.indexOf('::');
    const head = cut < 0 ? rest : rest.slice(0, cut);
    if (head === 'crate' || head === 'self' || head === 'super' || this.libraries.has(head)) return undefined;
    for (const { module, root } of dead.heads) {
      if (module.children.has(head) || declares(module, head) || usesOf(module).byLocal.has(head)) return undefined;
      if (root?.children.has(head)) return undefined;
    }
    // A path of the search may be one already being resolved (the cycle check would cut it short
    // there): each path it resolves is a module's and ends with `::${rest}`.
    for (const k of this.resolving) {
      if (!k.endsWith(rest) || k.charCodeAt(k.length - rest.length - 1) === PIPE) continue;
      if (dead.modules.has(k.slice(0, k.indexOf('|', k.indexOf('|') + 1)))) return undefined;
    }
    return dead;
  }

  /** The glob search of module `m` at `depth`, run once with a placeholder for the path (isolated: its own steps and stack). */
  private probeGlobs(crate: string, m: ModuleInfo, depth: number): DeadSearch | null {
    const probe: Probe = { placeholder: `\0${++this.probeCount}`, heads: [], modules: new Set(), exact: true };
    const outer = { steps: this.steps, resolving: this.resolving };
    this.steps = 0;
    this.resolving = [];
    this.probes.push(probe);
    let found: Resolved | null = null;
    let steps: number;
    try {
      for (const g of usesOf(m).globs) {
        found = this.resolve(crate, g.from, `${g.target}::${probe.placeholder}`, depth + 1);
        if (found) break;
      }
    } finally {
      steps = this.steps;
      this.probes.pop();
      this.steps = outer.steps;
      this.resolving = outer.resolving;
    }
    return found || !probe.exact ? null : { steps: Math.min(steps, RESOLVE_STEP_BUDGET + 1), heads: probe.heads, modules: probe.modules };
  }

  /** While a placeholder search runs: the searched path's first segment is looked up in `module` (and, as a path's first segment, among the crate root's children). */
  private noteHead(segment: string, module: ModuleInfo | undefined, root: ModuleInfo | undefined): void {
    const probe = this.probes[this.probes.length - 1]!;
    if (segment !== probe.placeholder) return;
    if (module || root) probe.heads.push({ module: module ?? root!, root });
  }

  /**
   * The paths outside the crate that `written` (a path as written in code of module `from`) may name,
   * through the crate's `use` items: renames (`use tokio::sync::Mutex as AsyncMutex`), re-exports of
   * another module (`use crate::sync::Lock` where `crate::sync` has `pub use parking_lot::Mutex as
   * Lock`), a path written in full (`std::sync::Mutex`). A glob (`use tokio::sync::*`) gives a
   * candidate per glob, in order: the caller keeps the one it recognises. Empty for an item the crate
   * declares itself (see `resolve`) and for a path the `use`s cannot follow within the step budget.
   */
  externalPaths(crate: string, from: readonly string[], written: string): string[] {
    const out: string[] = [];
    let steps = 0;
    const visit = (module: readonly string[], path: string, depth: number, crate: string): void => {
      if (depth > 8 || ++steps > RESOLVE_STEP_BUDGET || out.length >= 8) return;
      const segs = (path.startsWith('::') ? path.slice(2) : path).split('::');
      let at: string[];
      let i: number;
      if (segs[0] === 'crate') [at, i] = [[], 1];
      else if (segs[0] === 'self') [at, i] = [[...module], 1];
      else if (segs[0] === 'super') {
        at = [...module];
        i = 0;
        while (segs[i] === 'super') {
          at.pop();
          i++;
        }
      } else {
        const here = this.modules.get(modKey(crate, module));
        const first = segs[0]!;
        if (segs.length === 1 && declares(here, first)) return;
        const bound = here && usesOf(here).byLocal.get(first);
        if (bound) return visit(bound.from, [bound.target, ...segs.slice(1)].join('::'), depth + 1, crate);
        if (here?.children.has(first)) [at, i] = [[...module, first], 1];
        else if (this.modules.get(modKey(crate, []))?.children.has(first)) [at, i] = [[first], 1];
        else if (segs.length === 1) {
          // A bare name no `use` binds by name: one a glob brings in (`use tokio::sync::*`).
          for (const g of here ? usesOf(here).globs : []) visit(g.from, `${g.target}::${first}`, depth + 1, crate);
          return;
        } else {
          // Another member of the workspace: what its module re-exports there (`pub use tokio::sync::Mutex as Lock`).
          const lib = this.libraries.get(first);
          if (lib) return visit([], ['crate', ...segs.slice(1)].join('::'), depth + 1, lib);
          // Not the crate's: a path of another crate as written (`std::sync::Mutex`, `tokio::sync::RwLock`).
          out.push(segs.join('::'));
          return;
        }
      }
      for (; i < segs.length; i++) {
        const m = this.modules.get(modKey(crate, at));
        if (!m) return;
        const seg = segs[i]!;
        if (m.children.has(seg)) {
          at = [...at, seg];
          continue;
        }
        if (declares(m, seg)) return;
        const reexport = usesOf(m).byLocal.get(seg);
        if (reexport) return visit(reexport.from, [reexport.target, ...segs.slice(i + 1)].join('::'), depth + 1, crate);
        for (const g of usesOf(m).globs) visit(g.from, [g.target, ...segs.slice(i)].join('::'), depth + 1, crate);
        return;
      }
    };
    visit(from, written, 0, crate);
    return [...new Set(out)];
  }

  /** Free fns a resolved path names. */
  freeFns(r: Resolved): readonly FnRef[] {
    if (!r.name || r.name.includes('::')) return [];
    return this.modules.get(modKey(r.crate, r.module))?.fns.get(r.name) ?? [];
  }
}
