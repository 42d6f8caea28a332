/**
 * Step 5, first half: the model of the crate for this review. Facts come from every Rust file of the
 * crates the change touches (the changed files and the unchanged files around them: a wrapper or a
 * struct the change uses is usually in a file it did not touch), read once, parsed once, and kept
 * by content so a file seen by an earlier review is not parsed again.
 */
import { contentIdOf, loadCodeVersion, manifestsKey, registerModelKey, type AnalysisCache } from '../cache/analysis-cache.js';
import { CrateLayout } from '../model/crate-layout.js';
import { testSupportPackages } from '../model/manifests.js';
import { CrateModel, fileFacts, FACTS_VERSION, manifestFact, type FileFacts, type ManifestFact } from '../model/index.js';
import { loadRustParser, parseRust, ParseTimeoutError, type ReviewTrees } from '../rust/parser.js';
import { isTestPath } from '../rust/syntax.js';
import type { ChangeSource, HeadBlob } from './change-source.js';
import { factsOnWorkers } from './analyze-files.js';

/** Unchanged files read for the model at most (the largest crates are modelled in part, nearest files first). */
export const MAX_MODEL_CONTEXT_FILES = 800;
/** Bytes of unchanged files read for the model at most. */
export const MAX_MODEL_CONTEXT_BYTES = 8_000_000;
/** Cargo manifests read for the model at most (a workspace's members: who depends on whom). */
export const MAX_MODEL_MANIFESTS = 400;

/**
 * Facts by path, text digest and facts version, shared by the reviews of one process (the App's), in
 * front of the cache (which holds them serialised). Bounded by the text they were computed from:
 * facts take about 2.5x their file's size as JSON and more as objects, and the App's heap is capped
 * (256 MB in the Dockerfile); the oldest go first.
 */
const factsByContent = new Map<string, { facts: FileFacts; bytes: number }>();
const MAX_REMEMBERED_TEXT_BYTES = 8_000_000;
let rememberedBytes = 0;

const recall = (key: string): FileFacts | undefined => {
  const entry = factsByContent.get(key);
  if (!entry) return undefined;
  factsByContent.delete(key);
  factsByContent.set(key, entry);
  return entry.facts;
};

const remember = (key: string, facts: FileFacts, bytes: number) => {
  const old = factsByContent.get(key);
  if (old) rememberedBytes -= old.bytes;
  factsByContent.delete(key);
  factsByContent.set(key, { facts, bytes });
  rememberedBytes += bytes;
  for (const [k, e] of factsByContent) {
    if (rememberedBytes <= MAX_REMEMBERED_TEXT_BYTES) break;
    factsByContent.delete(k);
    rememberedBytes -= e.bytes;
  }
};

export interface ModelOptions {
  /** Per-file parse time limit (`limits.parse_timeout_ms`): a file over it has no facts. */
  timeoutMs?: number;
  /** The review's trees: a file parsed for its facts (here or on a worker) is not parsed again by the rules. */
  trees?: ReviewTrees;
  /** Facts of earlier reviews (src/cache), and where this review's go. */
  cache?: AnalysisCache;
  /** Parse on the worker threads whatever the size (the App: its event loop parses nothing). */
  offThread?: boolean;
  /** Cargo manifests to read (`modelContextPaths`): packages, binaries, who depends on whom. */
  manifests?: readonly string[];
  /** Every path of the head tree (which packages have binaries). */
  headPaths?: readonly string[];
  /** What `lookUpContext` found (the pipeline looks up before it fetches); else looked up here. */
  lookup?: ContextLookup;
}

interface ModelInput {
  /** Position among the review's inputs (changed files first). */
  order: number;
  path: string;
  /** Undefined for a file known by its blob id alone (not read unless its facts are not known). */
  text?: string;
  /** Its content id (`contentIdOf`): git's blob id of the text. */
  digest: string;
  /** Its size in bytes when known by its blob id (the memory bound counts it). */
  bytes?: number;
  facts?: FileFacts;
}

/**
 * The facts of each input: from this process's memory, else the cache (no tree needed), else parsed
 * once (on the worker threads when the work pays for them, which send back the tree with the facts),
 * then remembered and cached. Inputs with no facts (a parse over the time limit) are left without.
 */
async function resolveFacts(inputs: ModelInput[], options: ModelOptions, readText: (inputs: ModelInput[]) => Promise<void>): Promise<void> {
  const { cache, trees } = options;
  const missing: ModelInput[] = [];
  if (cache) await loadCodeVersion();
  const lookUp = (input: ModelInput) => {
    input.facts = recall(memoryKey(input));
    if (!input.facts && cache) {
      return cache.getFacts<FileFacts>(input.path, input.digest, FACTS_VERSION).then((facts) => {
        if (facts) remember(memoryKey(input), (input.facts = facts), input.text?.length ?? input.bytes ?? 0);
        else missing.push(input);
      });
    }
    if (!input.facts) missing.push(input);
    return undefined;
  };
  await Promise.all(inputs.map((input) => (input.facts ? undefined : lookUp(input))));
  // Files known by id whose facts are not known: read now (in one batch), then looked up by their text's id.
  const unread = missing.filter((i) => i.text === undefined);
  if (unread.length) {
    await readText(unread);
    const again = new Set(unread.filter((i) => i.text !== undefined && contentIdOf(i.text) !== i.digest));
    for (let k = missing.length - 1; k >= 0; k--) if (missing[k]!.text === undefined || again.has(missing[k]!)) missing.splice(k, 1);
    // A text whose id is not the tree's (its bytes are not its UTF-8: a byte-order mark, invalid UTF-8).
    for (const input of again) input.digest = contentIdOf(input.text!);
    await Promise.all([...again].map(lookUp));
  }
  if (!missing.length) return;
  // Inputs in a stable order whatever the cache answered first (the workers take the largest first).
  missing.sort((a, b) => a.order - b.order);
  const learnt = (input: ModelInput, facts: FileFacts, json?: string) => {
    input.facts = facts;
    remember(memoryKey(input), facts, input.text!.length);
    cache?.setFacts(input.path, input.digest, facts, json);
  };
  const offThread = await factsOnWorkers(missing.map(({ path, text }) => ({ path, source: text! })), { timeoutMs: options.timeoutMs, offThread: options.offThread });
  const here: ModelInput[] = [];
  missing.forEach((input, i) => {
    const r = offThread?.[i];
    if (r?.tree) {
      trees?.add(input.text!, r.tree);
      cache?.setTree(input.text!, r.tree);
    }
    if (r?.facts) learnt(input, r.facts, r.factsJson);
    // A parse over the time limit has no facts; a worker that failed otherwise: parse here.
    else if (!r?.timedOut) here.push(input);
  });
  if (!here.length) return;
  await loadRustParser();
  for (const input of here) {
    const text = input.text!;
    try {
      if (trees) await trees.prefetch(text);
      const tree = trees ? trees.tree(text, options.timeoutMs) : parseRust(text, options.timeoutMs);
      learnt(input, fileFacts(tree.rootNode, input.path));
    } catch (e) {
      if (!(e instanceof ParseTimeoutError)) throw e;
    }
  }
}

const memoryKey = (input: ModelInput) => `${FACTS_VERSION}\0${input.path}\0${input.digest}`;

/** Shared-prefix length of two paths' folders: nearer files are read first when a crate is too large. */
const nearness = (a: string, b: string): number => {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length - 1 && i < y.length - 1 && x[i] === y[i]) i++;
  return i;
};

export interface ReviewModel {
  model: CrateModel;
  /** Files modelled: changed and context. */
  files: number;
  contextFiles: number;
  ms: number;
  notes: string[];
}

/** The Cargo manifests a review reads for the model (when a Rust file changed): packages, targets, who depends on whom. */
export function manifestPathsOf(changedPaths: readonly string[], headPaths: readonly string[]): string[] {
  return changedPaths.some((p) => p.endsWith('.rs')) ? headPaths.filter((p) => p === 'Cargo.toml' || p.endsWith('/Cargo.toml')).slice(0, MAX_MODEL_MANIFESTS) : [];
}

/**
 * The unchanged Rust files of the crates holding the changed ones, nearest first, within the
 * bounds: what the model reads besides the change (fetched with the changed files, in one batch).
 * `manifests` (their facts) say which crate a file is in (`[lib] path`, `[[bin]] path`).
 */
export function modelContextPaths(changedPaths: readonly string[], headPaths: readonly string[], manifests: readonly ManifestFact[] = []): { paths: string[]; manifests: string[]; notes: string[] } {
  const rust = changedPaths.filter((p) => p.endsWith('.rs'));
  const changed = new Set(changedPaths);
  const layout = new CrateLayout(manifests, headPaths);
  const crateOf = (p: string) => layout.crateOf(p);
  const crates = new Set(rust.map(crateOf));
  // A package's binaries (`src/bin/server.rs`) call into its library: they say where its code runs.
  const ofCrates = (p: string) => crates.has(crateOf(p)) || crates.has(layout.libraryOfBinary(crateOf(p), p) ?? '');
  // An integration test's support modules (`tests/common/mod.rs`, declared by `mod common;`): the
  // helpers and macros that check for it.
  const testDirs = [...new Set(rust.map((p) => /^(.*?\btests\/)[^/]+\.rs$/.exec(p)?.[1]).filter((d): d is string => !!d))];
  const testSupport = (p: string) => testDirs.some((d) => p.startsWith(d) && p.slice(d.length).includes('/'));
  // A test or bench that is a module of a larger test crate (`tests/e2e/db/queries.rs`): the modules
  // above it, where the macros that register its fns and the helpers it names are written.
  const above = new Set(rust.flatMap((p) => enclosingTestModules(p, headPaths, manifests)));
  const context = headPaths
    .filter((p) => p.endsWith('.rs') && !changed.has(p) && ((!isTestPath(p) && ofCrates(p)) || testSupport(p) || above.has(p)))
    .map((p) => ({ p, near: Math.max(...rust.map((c) => nearness(c, p))) }))
    .sort((a, b) => b.near - a.near || a.p.localeCompare(b.p))
    .map((x) => x.p);
  const notes = context.length > MAX_MODEL_CONTEXT_FILES ? [`The crate model read ${MAX_MODEL_CONTEXT_FILES} of ${context.length} unchanged Rust files around the change (nearest first).`] : [];
  return { paths: context.slice(0, MAX_MODEL_CONTEXT_FILES), manifests: manifestPathsOf(changedPaths, headPaths), notes };
}

/**
 * For a file in a folder under `tests/` or `benches/` (`core/tests/e2e/db/queries.rs`), the files that
 * may be the modules above it in its test crate: each folder's `mod.rs` and the `<folder>.rs` beside
 * it (`tests/e2e/db/mod.rs`, `tests/e2e/db.rs`), the folder's own `main.rs` (Cargo's `tests/e2e/main.rs`)
 * and a `[[test]]` / `[[bench]]` root the manifest declares there (`path = "tests/e2e/tests.rs"`).
 * A `macro_rules!` written in a parent module is in scope in its children. Only files of the head.
 */
export function enclosingTestModules(path: string, headPaths: readonly string[], manifests: readonly ManifestFact[] = []): string[] {
  const m = /^(.*?\b(?:tests|benches)\/)(.+)$/.exec(path);
  if (!m || !m[2]!.includes('/')) return [];
  const base = m[1]!;
  const folders = m[2]!.split('/').slice(0, -1);
  const wanted = new Set<string>();
  for (let i = 1; i <= folders.length; i++) {
    const dir = `${base}${folders.slice(0, i).join('/')}/`;
    wanted.add(`${dir}mod.rs`);
    wanted.add(`${dir.slice(0, -1)}.rs`);
    if (i === 1) wanted.add(`${dir}main.rs`);
    for (const man of manifests) for (const t of man.testTargets ?? []) if (`${man.dir}${t}`.startsWith(dir)) wanted.add(`${man.dir}${t}`);
  }
  wanted.delete(path);
  return headPaths.filter((p) => wanted.has(p));
}

/**
 * Context files the manifests add to what the paths alone chose (`modelContextPaths` runs before the
 * manifests are read, to fetch everything in one batch): the crate of a change under a declared root,
 * and the library crates of the workspace that the change names.
 */
function moreContextPaths(changed: ReadonlyMap<string, string>, context: readonly string[], headPaths: readonly string[], manifests: readonly ManifestFact[]): string[] {
  if (!manifests.some((m) => m.lib || m.bins?.length || m.testTargets?.length || m.deps.length)) return [];
  const have = new Set(context);
  const own = modelContextPaths([...changed.keys()], headPaths, manifests).paths.filter((p) => !have.has(p));
  for (const p of own) have.add(p);
  const deps = dependencyContextPaths(changed, headPaths, manifests, have);
  for (const p of deps) have.add(p);
  return [...own, ...deps, ...dependantContextPaths(changed, headPaths, manifests, have)];
}

/** Files of the programs that use a changed library a review reads at most. */
export const MAX_DEPENDANT_CONTEXT_FILES = 150;

/**
 * The programs of the workspace that run a changed library: members with a binary that depend on the
 * changed files' package (a normal dependency; not a test-support package). What their code calls
 * says where the library's fns run (`create_server_core(..)` awaited once in the daemon's start-up);
 * without them every exported fn of the library is called from places unknown. Nearest first, within
 * `MAX_DEPENDANT_CONTEXT_FILES`.
 */
export function dependantContextPaths(changed: ReadonlyMap<string, string>, headPaths: readonly string[], manifests: readonly ManifestFact[], already: ReadonlySet<string>): string[] {
  if (!manifests.length) return [];
  const layout = new CrateLayout(manifests, headPaths);
  const testSupport = testSupportPackages(manifests);
  const programs = new Map<string, string>();
  for (const path of changed.keys()) {
    const pkg = path.endsWith('.rs') && !isTestPath(path) ? layout.packageOf(path) : undefined;
    if (!pkg?.name) continue;
    for (const m of manifests) if (m !== pkg && m.hasBin && m.deps.includes(pkg.name) && !(m.name && testSupport.has(m.name)) && !programs.has(m.dir)) programs.set(m.dir, path);
  }
  if (!programs.size) return [];
  return headPaths
    .filter((p) => p.endsWith('.rs') && !already.has(p) && !changed.has(p) && !isTestPath(p) && programs.has(layout.packageOf(p)?.dir ?? '\0'))
    .map((p) => ({ p, near: nearness(programs.get(layout.packageOf(p)!.dir)!, p) }))
    .sort((a, b) => b.near - a.near || a.p.localeCompare(b.p))
    .slice(0, MAX_DEPENDANT_CONTEXT_FILES)
    .map((x) => x.p);
}

/** Files of other crates' libraries a review reads at most (the workspace members the change names). */
export const MAX_DEPENDENCY_CONTEXT_FILES = 300;

/**
 * The library crates of the workspace that the changed files name by path (`use jobs_core::Queue`,
 * `store::open(..)`): members their package depends on (a path dependency), or the package's own
 * library named from one of its binaries. A method or helper the change calls there is then known
 * to the model (what it runs, what it returns). Only the crates the change's text names, nearest
 * first, within `MAX_DEPENDENCY_CONTEXT_FILES`: never the whole workspace.
 */
export function dependencyContextPaths(changed: ReadonlyMap<string, string>, headPaths: readonly string[], manifests: readonly ManifestFact[], already: ReadonlySet<string>): string[] {
  if (!manifests.length) return [];
  const layout = new CrateLayout(manifests, headPaths);
  const byName = new Map(manifests.filter((m) => m.name && m.libName).map((m) => [m.name!, m]));
  const named = new Map<string, string>();
  // The module files the change's paths name (`my_lib::db::helpers::X` -> `db.rs`, `db/helpers.rs`, ..): read first.
  const pathNamed = new Set<string>();
  for (const [path, text] of changed) {
    if (!path.endsWith('.rs')) continue;
    const pkg = layout.packageOf(path);
    if (!pkg) continue;
    const members = [...pkg.deps, ...(isTestPath(path) ? pkg.devDeps : []), pkg.name!].flatMap((d) => (byName.has(d) ? [byName.get(d)!] : []));
    for (const m of members) {
      const lib = layout.libraryCrateOf(m);
      if (lib === layout.crateOf(path)) continue;
      if (!new RegExp(`(^|[^\\w:])${m.libName}::`).test(text)) continue;
      if (!named.has(lib)) named.set(lib, path);
      for (const mods of namedModules(text, m.libName!)) for (let i = 1; i <= mods.length; i++) {
        pathNamed.add(`${lib}${mods.slice(0, i).join('/')}.rs`);
        pathNamed.add(`${lib}${mods.slice(0, i).join('/')}/mod.rs`);
      }
    }
  }
  if (!named.size) return [];
  return headPaths
    .filter((p) => p.endsWith('.rs') && !already.has(p) && !changed.has(p) && !isTestPath(p) && named.has(layout.crateOf(p)))
    .map((p) => ({ p, near: (pathNamed.has(p) ? 1000 : 0) + nearness(named.get(layout.crateOf(p))!, p) }))
    .sort((a, b) => b.near - a.near || a.p.localeCompare(b.p))
    .slice(0, MAX_DEPENDENCY_CONTEXT_FILES)
    .map((x) => x.p);
}

/**
 * The module paths a text names in the library `lib` (`lib::db::helpers::Probe` and the items of
 * `use lib::{db::helpers::Probe, auth}`): the lowercase segments before the item, as written.
 */
function namedModules(text: string, lib: string): string[][] {
  const out: string[][] = [];
  const modulesOf = (path: string) => {
    const segs = path.split('::').map((x) => x.trim());
    const mods: string[] = [];
    for (const seg of segs) if (/^[a-z_][a-z0-9_]*$/.test(seg)) mods.push(seg);
    else break;
    if (mods.length) out.push(mods);
  };
  for (const m of text.matchAll(new RegExp(`(?:^|[^\\w:])${lib}::((?:\\w+::)*)(\\w+|\\{([^{}]*)\\})`, 'g'))) {
    if (m[3] === undefined) modulesOf(`${m[1]}${m[2]}`);
    else for (const item of m[3].split(',')) if (item.trim()) modulesOf(`${m[1]}${item.trim()}`);
  }
  return out.slice(0, 200);
}

/**
 * The model of the crates holding the changed Rust files (`changed`: path -> text), with the unchanged
 * `context` files. Each file's facts are computed at most once (see `resolveFacts`).
 */
export async function buildReviewModel(source: ChangeSource, changed: ReadonlyMap<string, string>, context: readonly string[], options: ModelOptions = {}): Promise<ReviewModel> {
  const start = performance.now();
  const notes: string[] = [];
  const inputs: ModelInput[] = [...changed].filter(([p]) => p.endsWith('.rs')).map(([path, text], order) => ({ order, path, text, digest: contentIdOf(text) }));
  const changedCount = inputs.length;
  const decoder = new TextDecoder();
  const lookup = options.lookup ?? (await lookUpContext(source, context, options));
  // The manifests (fetched with the change) say more than the paths: a crate root declared elsewhere
  // (`[lib] path = "mod.rs"`), and the workspace members the change names (`use jobs_core::Queue`).
  // Their files are read too: a second fetch only when they add any.
  const manifests = lookup?.manifests ?? (await readManifests(source, changed, options, lookup));
  const more = moreContextPaths(changed, context, options.headPaths ?? [], manifests);
  if (more.length) context = [...context, ...more];
  if (!lookup) await source.prefetchHead?.([...context]);
  let bytes = 0;
  for (const path of context) {
    // A commit's tree names each unchanged file by id and size: its facts are found without reading it.
    const blob = lookup?.blobs.get(path);
    const size = blob ? blob.bytes : undefined;
    const read = size === undefined ? await source.readHead(path) : undefined;
    if (size === undefined && !read) continue;
    const n = size ?? read!.byteLength;
    if (bytes + n > MAX_MODEL_CONTEXT_BYTES) {
      notes.push(`The crate model stopped reading unchanged files at ${Math.round(MAX_MODEL_CONTEXT_BYTES / 1e6)} MB.`);
      break;
    }
    bytes += n;
    if (read) {
      const text = decoder.decode(read);
      inputs.push({ order: inputs.length, path, text, digest: contentIdOf(text) });
    } else inputs.push({ order: inputs.length, path, digest: blob!.id, bytes: n, facts: lookup!.facts.get(path) });
  }
  await resolveFacts(inputs, options, async (unread) => {
    await source.prefetchHead?.(unread.map((i) => i.path));
    for (const input of unread) {
      const b = await source.readHead(input.path);
      if (b) input.text = decoder.decode(b);
    }
  });
  const modelled = inputs.filter((i) => i.facts);
  const model = CrateModel.build(modelled.map((i) => i.facts!), manifests);
  registerModelKey(model, [...modelled.map((i) => [i.path, i.digest] as const), ['manifests', contentIdOf(JSON.stringify(manifests))] as const]);
  const read = modelled.filter((i) => i.order >= changedCount).length;
  return { model, files: modelled.length, contextFiles: read, ms: performance.now() - start, notes };
}

/** What the cache knows of the model's unchanged files by their blob ids, before anything is read (see `lookUpContext`). */
export interface ContextLookup {
  blobs: ReadonlyMap<string, HeadBlob>;
  /** Facts of context files, by path. */
  facts: Map<string, FileFacts>;
  /** Context files to read: no blob id, or no facts for it. */
  unread: string[];
  /** The manifests' facts, when cached. */
  manifests?: ManifestFact[];
}

/**
 * The facts of the unchanged files (and the manifests) that the cache has by the head tree's blob
 * ids, looked up before anything is fetched: the review then fetches the changed files and the
 * context files without facts in one batch (the App: one GraphQL round trip; none of the rest).
 * Undefined without a cache or when the source cannot name its files.
 */
export async function lookUpContext(source: ChangeSource, context: readonly string[], options: ModelOptions): Promise<ContextLookup | undefined> {
  const cache = options.cache;
  const blobs = cache ? await source.headBlobs?.() : undefined;
  if (!cache || !blobs) return undefined;
  await loadCodeVersion();
  const facts = new Map<string, FileFacts>();
  await Promise.all(
    context.map(async (path) => {
      const blob = blobs.get(path);
      if (!blob) return;
      const key = `${FACTS_VERSION}\0${path}\0${blob.id}`;
      let f = recall(key);
      if (!f) {
        f = await cache.getFacts<FileFacts>(path, blob.id, FACTS_VERSION);
        if (f) remember(key, f, blob.bytes);
      }
      if (f) facts.set(path, f);
    }),
  );
  const paths = options.manifests ?? [];
  const ids = paths.every((p) => blobs.has(p)) ? paths.map((p) => blobs.get(p)!.id) : undefined;
  const hit = ids ? await cache.getJson<ManifestFact[]>(manifestsKey(paths, ids, options.headPaths ?? [])) : undefined;
  return { blobs, facts, unread: context.filter((p) => !facts.has(p)), manifests: Array.isArray(hit) ? hit : undefined };
}

/**
 * The Cargo manifests' facts, read (in one batch) and computed; cached by the manifests' blob ids and
 * the head's paths (which packages have binaries) when the tree names them all.
 */
async function readManifests(source: ChangeSource, changed: ReadonlyMap<string, string>, options: ModelOptions, lookup: ContextLookup | undefined): Promise<ManifestFact[]> {
  const paths = options.manifests ?? [];
  const headPaths = options.headPaths ?? [];
  const blobs = lookup?.blobs;
  const ids = blobs && paths.every((p) => blobs.has(p)) ? paths.map((p) => blobs.get(p)!.id) : undefined;
  await source.prefetchHead?.(paths.filter((p) => !changed.has(p)));
  const decoder = new TextDecoder();
  const manifests: ManifestFact[] = [];
  for (const path of paths) {
    const text = changed.get(path) ?? (await source.readHead(path).then((b) => (b ? decoder.decode(b) : undefined)));
    if (text !== undefined) manifests.push(manifestFact(path, text, headPaths));
  }
  if (ids && options.cache) options.cache.setJson(manifestsKey(paths, ids, headPaths), manifests);
  return manifests;
}
