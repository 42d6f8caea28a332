/**
 * Per-file facts: what one Rust file declares and calls, as plain serialisable data.
 *
 * The interface other parts rely on: `fileFacts(root, path) -> FileFacts` is a pure function of the
 * syntax tree and the path (no clock, no other files, no global state), its output is JSON-safe
 * (strings, numbers, booleans, arrays, plain objects) and carries `FACTS_VERSION`. So the facts of
 * a blob can be cached by its sha (src/cache/), computed on a worker thread and posted back, and
 * the crate model (crate-model.ts) is built from them without parsing anything again.
 *
 * Names are kept as written and as resolved through the file's own `use` items (`resolved`); the
 * crate model resolves them across modules (`crate::`, `super::`, re-exports, globs).
 */
import { filterExtractsOf, filterHandlerParams, helperRootedFilterParams } from './filter-chains.js';
import { isErrorConversion, isValuePassingMethod, MESSAGE_ERROR_RESULTS, MESSAGE_ERROR_TYPES, UNWRAP_METHODS } from '../catalogue/errors.js';
import { resolveBinding } from './bindings.js';
import { BLOCK_ON_METHOD, isBlockOnFunction, isOffloadingFunction, isOffloadingMethod, isParallelIteratorSource, isRuntimeEntryAttribute, isSpawningFunction, isSpawningMethod } from '../catalogue/executor.js';
import { isClientConstruction, isConvenienceRequest, isHttpClientPath, isRequestMethod, isSendMethod } from '../catalogue/http.js';
import { ImportMap } from '../rust/imports.js';
import { isTestContext, isTestFn } from './test-attributes.js';
import { dbRun, helperQuery, insertedTables } from './queries.js';
import { resolvedCallee } from './callee.js';
import { isSmartPointerType } from '../catalogue/values.js';
import { isLockAcquireMethod } from '../catalogue/locks.js';
import { constructionOf, fieldInitFacts, fieldUseFacts, unwrapShared, type ConstructionFact, type FieldInitFact, type FieldUseFact } from './fields.js';
import { innerType } from './types.js';
import { implOwnerName, implTraitName } from './impl-owner.js';

export type { ConstructionFact, FieldInitFact, FieldUseFact, FieldUseKind } from './fields.js';
import { errorsShowOnlyFixedText, isConstantExpr, returnsOnlyConstants, returnsOnlyOk } from './constant-values.js';
import { macroName, macroTokenTree, tokenLeaves } from '../rust/macros.js';
import { NodeMemo, type Node } from '../rust/parser.js';
import { attributePath, attributesOf, attributeText, calleeText, isAsyncClosure, isPub, methodChain, methodName, methodReceiver, patternIdentifier, stringValue } from '../rust/syntax.js';
import { cfgTestGates } from './cfg.js';
import { drainsEndingChannel, drainsFiniteSource } from './finite-loops.js';
import { spawnJoined } from './joined-spawns.js';
import { macroArgElements, macroItemRules, type MacroItemRule } from './macro-items.js';
import { routeBuiltBy } from './route-builders.js';

/** Bumped whenever the shape or meaning of FileFacts changes (cached facts of another version are stale). */
export const FACTS_VERSION = 37;

/** Where code runs, from this file's syntax and the catalogue alone (the crate model refines it). */
export type LocalContext = 'async' | 'maybe-async' | 'offloaded' | 'sync';

export interface UseFact {
  /** The inline module (within the file) the `use` sits in: [] for the file's own module. */
  module: string[];
  /** The name it binds (`Mutex`, an alias, or '*' for a glob). */
  local: string;
  /** The path as written (`crate::db::run`, `super::State`, `std::sync::Mutex`). */
  target: string;
  glob: boolean;
  pub: boolean;
}

export interface ModFact {
  /** The inline module holding the declaration. */
  module: string[];
  name: string;
  /** `mod a { .. }` (items in this file) or `mod a;` (items in `a.rs` / `a/mod.rs`). */
  inline: boolean;
  /** Its `#[cfg(..)]` gates that decide whether it is compiled for tests: `test`, `feature=<name>`. */
  cfg?: string[];
  /** `#[path = ".."]` of an out-of-line module: the file it loads, as written (crate-layout.ts resolves it). */
  path?: string;
}

export interface ParamFact {
  name: string;
  type: string;
  /** The parameter's position (`self` not counted); a destructuring pattern gives one fact per name, all at its position. */
  position: number;
}

export interface CallFact {
  line: number;
  /** Free call: the callee path as written, whitespace and turbofish removed (`crate::db::run`, `helper`, `Self::load`). */
  written?: string;
  /** Free call: the path resolved through this file's `use` items (`std::fs::read`). */
  resolved?: string;
  /** Method call: the method's name. */
  method?: string;
  /** Method call: the receiver as written when it is short (`self`, `conn`, `self.db`). */
  receiver?: string;
  /** Method call: the resolved path of the chain's root call (`std::process::Command::new`). */
  chainRoot?: string;
  /**
   * A fn handed to a filter chain (`warp::path!("u" / u64).and(warp::query::<Q>()).and_then(show)`,
   * filter-chains.ts): per parameter of that fn, in order, `r` when the client sent it, `o` when the
   * program supplies it, `?` for either, as far as the chain's filters are known; a helper fn's filter
   * as `<path>`, which the crate model expands (CrateModel.filterRequestParams). The call registers a route.
   */
  filterParams?: string;
  /**
   * The same for a chain that starts at a helper fn and names no warp filter itself
   * (`search_filter().and(with_arg(svc)).then(search)`): it holds only if that helper returns a
   * filter, which the crate model checks; the call is not taken for a route before that.
   */
  helperFilterParams?: string;
  /** Method call on what a free call returned, through `?` / `.await`: that call's path as written (`Server::new` of `Server::new(cfg)?.run()`). */
  receiverCall?: string;
  /**
   * Method call on a lock guard taken on a short path (`wal.lock().await.read(..)`, `state.read().unwrap().get(..)`):
   * that path and the lock method (`wal.lock`); the guard derefs to the locked value.
   */
  guardOf?: string;
  /** In the future handed to `block_on` (`rt.block_on(finish(..))`, `block_on(async { finish(..).await })`): the calling thread drives it, off the executor. */
  drivenByBlockOn?: true;
  /** Its `Result` leaves the fn: `call(..)?`, `call(..).await.map_err(..)?`, returned, or the body's tail. */
  propagates?: true;
  /** A call that runs a query (sqlx, diesel, tokio-postgres, a prepared statement), propagated or not: its label. */
  dbRun?: string;
  /** The tables the query adds rows to (`INSERT INTO t ..`, diesel's `insert_into(t::table)`): their names, lower case. */
  inserts?: string[];
  /** A propagated call that sends an HTTP request to another service (`client.get(url).send().await?`, `reqwest::get(url)?`): its label. */
  outbound?: string;
  awaited: boolean;
  context: LocalContext;
  /** Index (in the fn's `calls`) of the call whose closure argument holds this call, if any. */
  closureOf?: number;
  /** Index (in the fn's `macros`) of the macro invocation holding this call, if any. */
  inMacro?: number;
  /** Whether an argument is a closure literal. */
  closureArg: boolean;
  /**
   * Index (in the fn's `calls`) of the call whose value the closure argument returns (`spawn_blocking(move ||
   * { ..; Report::load(&conn) })`): what a generic callee hands back as its own (call-types.ts).
   */
  closureValue?: number;
  /** Identifiers the arguments mention (bounded): a wrapper passes its closure parameter on. */
  argNames: string[];
  /**
   * By argument position (the first few), the local name the argument hands over as it is or through a
   * borrow or a copy (`sql`, `&sql`, `sql.clone()`, `sql.as_str()`, `sql.into()`); null for any other
   * expression. Absent when no argument is one: a parameter passed on to a callee's parameter.
   */
  argIdents?: (string | null)[];
  /**
   * By argument position (the first few), the HTTP client an argument holds when the caller builds it
   * (`fetch(&reqwest::Client::new())`, a local `let http = Client::builder()..build()?` passed as
   * `&http`); null for any other argument. Absent when no argument is one: where a parameter's client
   * comes from, across files (client-origin.ts).
   */
  argClients?: (ConstructionFact | null)[];
  /**
   * By argument position (the first few), whether the argument is fixed when the program is compiled
   * (a literal, a `const` / `static`, an array of them, a borrow of one: constant-values.ts
   * `isConstantExpr`). Absent when none is.
   */
  argConstants?: boolean[];
  /** Arguments that are a bare path (`list`, `handlers::index`): a fn handed over by name, not one an argument's expression mentions. */
  argPaths?: string[];
  /** Runs in a task or thread started here (`tokio::spawn(job(..))`, `thread::spawn(|| ..)`). */
  spawned?: true;
  /**
   * The task is waited for in this fn (joined-spawns.ts): with `spawned`, every task around the call
   * is (`let h = spawn(..); h.await`, handles collected and joined, a joined `JoinSet`); on a spawning
   * call itself, the task it starts is. Such a task is a step of the code that starts it.
   */
  joined?: true;
  /** Inside the body of a `loop` / `while` of the fn: runs again and again while the program runs (a service loop), not once. */
  repeats?: true;
  /** Inside the body of a `for` loop of the fn: runs once per item (a bounded retry or polling loop, a batch). */
  iterates?: true;
}

export interface MacroCallFact {
  name: string;
  line: number;
  endLine: number;
  context: LocalContext;
  /** Index of the call whose closure argument holds the invocation, if any. */
  closureOf?: number;
  /** Arguments that are a bare path (`to_sync!(migrate_to_v4)`, `vec![a, jobs::b]`): fns handed over by name, maybe. */
  argPaths?: string[];
}

/** A `let` of a fn body binding one name, with the type it says or shares. */
export interface LetFact {
  name: string;
  line: number;
  /** The declared type (`let x: T`) or the constructed one (`T::new(..)`, `T { .. }`), inner type through wrappers. */
  type?: string;
  /** A shared copy of another value (`Arc::clone(&self.ledger)`, `state.mailer.clone()`): that value as written. */
  source?: string;
  /**
   * The index (in the fn's `calls`) of the call whose value it binds, through `?`, `.await` and
   * value-passing methods (`req.app()`, `load(id).await?.ok_or(E)?`); its type is the callee's return
   * type (call-types.ts). Also set beside a `type` built by a `Type::fn(..)` call: the callee's
   * declared return type, when known, is what the binding holds.
   */
  call?: number;
  /** That value was taken out of a `Result` / `Option` (`?`, `.unwrap()`, `.expect(..)`, `.ok_or(..)?`). */
  unwrapped?: true;
}

export interface FnFact {
  name: string;
  module: string[];
  /** The type of the `impl` around it (`DbConn`), or the trait for a trait's own default method. */
  owner?: string;
  /** `impl Trait for Type`: the trait. */
  trait?: string;
  /**
   * A blanket impl, `impl<T: RequestExt + ?Sized> RequestApp for T`: the bounds of the impl's own type
   * parameter (`RequestExt+?Sized`, `` for none); its methods answer every type with those bounds.
   */
  blanket?: string;
  inTraitDefinition: boolean;
  line: number;
  endLine: number;
  async: boolean;
  pub: boolean;
  /** Plain `pub` (not `pub(crate)` / `pub(super)`): other crates may call it. */
  exported?: true;
  test: boolean;
  /** `fn main` or a runtime entry attribute (`#[tokio::main]`). */
  entry: boolean;
  attributes: string[];
  hasSelf: boolean;
  /** How a method takes `self`: `&self` (shared), `&mut self` (exclusive), or by value (`self`, `self: Arc<Self>`: owned). */
  selfTaken?: 'shared' | 'exclusive' | 'owned';
  params: ParamFact[];
  /** Names of generic parameters bounded by `Fn`/`FnMut`/`FnOnce` (where clauses included). */
  closureGenerics: string[];
  /** Names of the fn's own type parameters (`T` of `fn f<T: Serialize>(x: &T)`): a parameter typed by one takes any type exactly as given. */
  typeParams?: string[];
  /** Per type parameter with bounds, its bounds as written, inline and `where` clauses joined with `+` (`F` -> `FnOnce()->Result<R>+Send+'static`). */
  typeBounds?: Record<string, string>;
  returnType?: string;
  calls: CallFact[];
  macros: MacroCallFact[];
  /** The body's `let`s of one name (closures included), in source order. */
  lets: LetFact[];
  /** The body's value when it is only a string literal (or a const's name): a constant SQL piece. */
  returnsLiteral?: string;
  /** Every value the body returns is a literal or a const (`match self { A => "a", B => "b" }`). */
  returnsConstant?: boolean;
  /** It returns a `Result` that is never an `Err`: only `Ok(..)` values, no `?`, no `Err` built (constant-values.ts `returnsOnlyOk`). */
  neverFails?: true;
  /**
   * It returns a message error (anyhow, eyre) whose every `Err` shows only fixed text: `bail!("too
   * short")`, `.context("bad nonce")?`, nothing else fails (constant-values.ts `errorsShowOnlyFixedText`).
   */
  errorsFixedText?: true;
  /**
   * The URL of one route is what it returns (route-builders.ts): `self.<field>` of a route table's
   * method, a route constant's field chain, a path constant's name, or a quoted request path.
   */
  buildsRoute?: string;
  /**
   * It returns a filter (warp, catalogue `FILTER_CHAINS.filterTypes`): the kinds of the values it
   * extracts, as filter-chains.ts writes them (`o` for `warp::any().map(move || db.clone())`, `r` for a
   * body or query filter, `<path>` for a helper filter it uses in turn).
   */
  filterExtracts?: string;
  /** The fn's work is a query: it runs one (or hands a pool to a helper) and awaits nothing but database work. */
  queryHelper?: { label: string; sql: string | null };
}

export interface StructFact {
  module: string[];
  name: string;
  line: number;
  fields: { name: string; type: string; line: number }[];
}

export interface ConstFact {
  module: string[];
  name: string;
  type: string;
  line: number;
  /** The value when it is a string literal. */
  value?: string;
}

export interface MacroRulesFact {
  module: string[];
  name: string;
  line: number;
  /** Names called in the expansion (`run` of `$conn.run(..)`, `spawn_blocking`), in order, unique. */
  calls: string[];
  /** Paths called in the expansion (`tokio::task::block_in_place`). */
  paths: string[];
  /** Macros invoked in the expansion (`assert_eq` of `assert_eq!(..)`, itself for a recursive rule), unique. */
  macros?: string[];
  /**
   * The expansion declares a test fn (`#[test]`, `#[tokio::test]`, ..) whose body calls the fn a
   * metavariable names (`$name(conn).await`, `super::$name(..)`): `m!(check_refill)` makes the crate's
   * `check_refill` the body of a test, though no attribute is written on it.
   */
  definesTests?: true;
  /** Names handed on to a macro that a metavariable names (`$each!(check_a); $each!(check_b);`): a list of tests applied to a test-making macro given as argument. */
  passesToMacroParam?: string[];
  /** Per rule, the fns its expansion defines and the item macros it invokes (macro-items.ts), when some rule defines a fn. */
  itemRules?: MacroItemRule[];
}

/** A macro invoked where items go (a module's top level, not inside a fn), with the names among its arguments. */
export interface ItemMacroFact {
  module: string[];
  name: string;
  line: number;
  /** Identifier tokens of its arguments, in order, unique (bounded). */
  idents: string[];
  endLine?: number;
  /** The type of the `impl` it is invoked in: fns it defines are that type's (macro-items.ts). */
  owner?: string;
  /** Its arguments as matcher elements (macro-items.ts `macroArgElements`), when few enough. */
  args?: string[];
  /** Invoked in test code (`#[cfg(test)] mod tests`, a test file). */
  test?: true;
}

export interface TypeFact {
  module: string[];
  name: string;
  kind: 'enum' | 'trait' | 'alias';
  /** For an alias: the aliased type as written. */
  target?: string;
  /** For an enum: no variant carries data (`enum Status { Active, Banned = 2 }`). */
  fieldless?: true;
  /** For a trait: its `unsafe fn`s whose doc comment has a `# Safety` section (the contract every impl's body relies on). */
  safetyDocumented?: string[];
}

export interface FileFacts {
  version: number;
  path: string;
  mods: ModFact[];
  uses: UseFact[];
  fns: FnFact[];
  structs: StructFact[];
  types: TypeFact[];
  consts: ConstFact[];
  macroRules: MacroRulesFact[];
  /** Macros invoked as items (`make_db_test!(check_refill);`). */
  itemMacros?: ItemMacroFact[];
  /**
   * Names used as values rather than called (`.map(normalize)`, `let f = Self::parse;`, a field
   * `handler: on_event`): a fn of that name cannot change its signature freely.
   */
  fnValues: string[];
  /** What the file does with struct fields (reads, lock uses, mentions), aggregated. */
  fieldUses: FieldUseFact[];
  /** Struct-expression fields initialised with a construction (`Self { http: Client::new() }`). */
  fieldInits: FieldInitFact[];
  /**
   * `impl Trait for Type` blocks that declare no fn (`impl Job for Sync { const NAME: &str = ".."; }`):
   * every method of `Type` through `Trait` is the trait's default. Impls with fns are known by their fns.
   */
  emptyTraitImpls?: { module: string[]; owner: string; trait: string }[];
}

const MAX_ARG_NAMES = 12;

/** The facts of one parsed file. Pure: the same tree and path always give the same facts. */
export function fileFacts(root: Node, path: string): FileFacts {
  const facts: FileFacts = { version: FACTS_VERSION, path, mods: [], uses: [], fns: [], structs: [], types: [], consts: [], macroRules: [], fnValues: [], fieldUses: [], fieldInits: [] };
  const imports = ImportMap.of(root);
  walkItems(root, [], undefined, facts, imports);
  facts.fnValues = fnValueNames(root);
  facts.fieldUses = fieldUseFacts(root);
  facts.fieldInits = fieldInitFacts(root, imports);
  return facts;
}

/** Positions where a bare path is a value: an argument, a `let` value, a field value, an assignment, a return, an element. */
const VALUE_PARENTS = new Set(['arguments', 'let_declaration', 'field_initializer', 'assignment_expression', 'return_expression', 'array_expression', 'tuple_expression']);

function fnValueNames(root: Node): string[] {
  const out = new Set<string>();
  for (const n of root.descendantsOfType(['identifier', 'scoped_identifier'])) {
    if (n.type === 'identifier' && n.parent?.type === 'scoped_identifier') continue;
    const p = n.parent;
    if (!p || !VALUE_PARENTS.has(p.type)) continue;
    if (p.type === 'let_declaration' && p.childForFieldName('value')?.id !== n.id) continue;
    if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id !== n.id) continue;
    if (p.type === 'field_initializer' && p.childForFieldName('value')?.id !== n.id) continue;
    const name = n.type === 'scoped_identifier' ? n.childForFieldName('name')?.text : n.text;
    if (!name || !/^[a-z_]\w*$/.test(name)) continue;
    // A bare name bound by a pattern of the enclosing fn (a parameter, a `let`, a closure's) is a local.
    if (n.type === 'identifier' && boundIn(n).has(name)) continue;
    out.add(name);
  }
  return [...out].sort();
}

const PATTERN_HOLDERS = new Set(['parameters', 'closure_parameters', 'let_declaration', 'for_expression', 'let_condition', 'match_pattern']);
const boundNames = new NodeMemo<Set<string>>();

/** Names bound by patterns anywhere in the fn (or file top level) around `n`. */
function boundIn(n: Node): Set<string> {
  let scope: Node = n.tree.rootNode;
  for (let a = n.parent; a; a = a.parent) if (a.type === 'function_item') {
    scope = a;
    break;
  }
  let names = boundNames.get(scope);
  if (names) return names;
  names = new Set();
  for (const holder of scope.descendantsOfType([...PATTERN_HOLDERS])) {
    const pattern = holder.type === 'let_declaration' || holder.type === 'for_expression' || holder.type === 'let_condition' ? holder.childForFieldName('pattern') : holder;
    if (!pattern) continue;
    if (pattern.type === 'identifier') names.add(pattern.text);
    for (const id of pattern.descendantsOfType('identifier')) names.add(id.text);
  }
  boundNames.set(scope, names);
  return names;
}

interface ImplScope {
  owner: string;
  trait?: string;
  inTraitDefinition: boolean;
  /** `impl<T: Bound> Trait for T`: the bounds of the type parameter the impl is for. */
  blanket?: string;
}

/** `impl<T: A + B> Trait for T` (bounds inline or in a `where` clause): `A+B`; undefined unless the impl is for its own type parameter. */
function blanketBounds(impl: Node): string | undefined {
  const self = impl.childForFieldName('type');
  if (self?.type !== 'type_identifier') return undefined;
  let found = false;
  const bounds: string[] = [];
  for (const p of impl.childForFieldName('type_parameters')?.namedChildren ?? []) {
    const name = p.type === 'type_identifier' ? p.text : (p.childForFieldName('left') ?? p.childForFieldName('name') ?? p.namedChildren[0])?.text;
    if (name !== self.text) continue;
    found = true;
    const b = p.childForFieldName('bounds')?.text;
    if (b) bounds.push(compact(b).replace(/^:/, ''));
  }
  if (!found) return undefined;
  for (const w of impl.namedChildren.find((c) => c.type === 'where_clause')?.namedChildren ?? []) {
    if (w.type === 'where_predicate' && w.childForFieldName('left')?.text === self.text) bounds.push(compact(w.childForFieldName('bounds')?.text ?? '').replace(/^:/, ''));
  }
  return bounds.join('+');
}

/**
 * The `#[cfg(..)]` gates of a `mod` item (model/cfg.ts, cfgTestGates): `#[cfg(test)]` and
 * `#[cfg(all(test, feature = "x"))]` give `test`, `#[cfg(feature = "x")]` gives `feature=x`,
 * `#[cfg(any(test, feature = "x"))]` gives `any(test|feature=x)`; `not(..)` and options no test
 * decides (`unix`) give nothing.
 */
function modCfgGates(item: Node): string[] {
  const out: string[] = [];
  for (const a of attributesOf(item)) {
    if (attributePath(a) !== 'cfg') continue;
    const args = /^cfg\s*\(([\s\S]*)\)$/.exec(attributeText(a).trim());
    if (args) out.push(...cfgTestGates(args[1]!));
  }
  return out;
}

/** `#[path = "x/y.rs"] mod foo;`: the file the attribute names, as written. */
function modPathAttribute(item: Node): string | null {
  const attr = attributesOf(item).find((a) => attributePath(a) === 'path');
  return attr ? stringValue(attr.namedChildren.find((c) => c.type === 'attribute')?.childForFieldName('value')) : null;
}

function walkItems(container: Node, module: string[], impl: ImplScope | undefined, facts: FileFacts, imports: ImportMap): void {
  for (const item of container.namedChildren) {
    switch (item.type) {
      case 'mod_item': {
        const name = item.childForFieldName('name')?.text;
        if (!name) break;
        const body = item.childForFieldName('body');
        const cfg = modCfgGates(item);
        const path = body ? null : modPathAttribute(item);
        facts.mods.push({ module, name, inline: !!body, ...(cfg.length ? { cfg } : {}), ...(path ? { path } : {}) });
        if (body) walkItems(body, [...module, name], undefined, facts, imports);
        break;
      }
      case 'use_declaration': {
        const arg = item.childForFieldName('argument');
        if (arg) collectUses(arg, '', module, isPub(item), facts.uses);
        break;
      }
      case 'function_item':
        facts.fns.push(fnFact(item, module, impl, imports, facts.path));
        break;
      case 'impl_item': {
        const owner = implOwnerName(item);
        const body = item.childForFieldName('body');
        const trait = implTraitName(item);
        const blanket = trait ? blanketBounds(item) : undefined;
        if (owner && body) walkItems(body, module, { owner, trait, inTraitDefinition: false, ...(blanket !== undefined ? { blanket } : {}) }, facts, imports);
        if (owner && trait && !body?.namedChildren.some((c) => c.type === 'function_item')) (facts.emptyTraitImpls ??= []).push({ module, owner, trait });
        break;
      }
      case 'trait_item': {
        const name = item.childForFieldName('name')?.text;
        const body = item.childForFieldName('body');
        if (name) {
          const documented = body ? safetyDocumentedFns(body) : [];
          facts.types.push({ module, name, kind: 'trait', ...(documented.length ? { safetyDocumented: documented } : {}) });
        }
        if (name && body) walkItems(body, module, { owner: name, inTraitDefinition: true }, facts, imports);
        break;
      }
      case 'struct_item': {
        const name = item.childForFieldName('name')?.text;
        if (!name) break;
        const body = item.childForFieldName('body');
        // A tuple struct's fields are named by position (`self.0`), as Rust does.
        const fields =
          body?.type === 'ordered_field_declaration_list'
            ? body.childrenForFieldName('type').filter((f): f is NonNullable<typeof f> => !!f).map((f, i) => ({ name: String(i), type: compact(f.text), line: f.startPosition.row + 1 }))
            : (body?.namedChildren ?? [])
                .filter((f) => f.type === 'field_declaration')
                .map((f) => ({ name: f.childForFieldName('name')?.text ?? '', type: compact(f.childForFieldName('type')?.text ?? ''), line: f.startPosition.row + 1 }));
        facts.structs.push({ module, name, line: item.startPosition.row + 1, fields });
        break;
      }
      case 'enum_item': {
        const name = item.childForFieldName('name')?.text;
        // `enum Compression { Zstd = 0, Gzip = 1 }`: no variant carries data, so its values are its variants.
        const variants = item.childForFieldName('body')?.namedChildren.filter((v) => v.type === 'enum_variant') ?? [];
        const fieldless = variants.length > 0 && variants.every((v) => !v.childForFieldName('body'));
        if (name) facts.types.push({ module, name, kind: 'enum', ...(fieldless ? { fieldless: true as const } : {}) });
        break;
      }
      case 'type_item': {
        const name = item.childForFieldName('name')?.text;
        if (name) facts.types.push({ module, name, kind: 'alias', target: compact(item.childForFieldName('type')?.text ?? '') });
        break;
      }
      case 'const_item':
      case 'static_item': {
        const name = item.childForFieldName('name')?.text;
        if (!name) break;
        const value = stringValue(item.childForFieldName('value'));
        facts.consts.push({ module, name, type: compact(item.childForFieldName('type')?.text ?? ''), line: item.startPosition.row + 1, ...(value !== null ? { value } : {}) });
        break;
      }
      case 'macro_definition':
        facts.macroRules.push(macroRulesFact(item, module, (fn, expansionImports) => fnFact(fn, module, undefined, expansionImports, facts.path)));
        break;
      case 'macro_invocation':
      case 'expression_statement': {
        const invocation = item.type === 'macro_invocation' ? item : item.namedChildren[0];
        if (invocation?.type === 'macro_invocation') (facts.itemMacros ??= []).push(itemMacroFact(invocation, module, impl, facts.path));
        break;
      }
      case 'declaration_list':
        walkItems(item, module, impl, facts, imports);
        break;
    }
  }
}

const compact = (text: string): string => text.replace(/\s+/g, ' ').replace(/\s*([<>,&:()\[\]])\s*/g, '$1').trim();

function collectUses(node: Node, prefix: string, module: string[], pub: boolean, out: UseFact[]): void {
  const join = (a: string, b: string) => (a ? `${a}::${b}` : b);
  switch (node.type) {
    case 'identifier':
    case 'scoped_identifier':
    case 'crate':
    case 'self':
    case 'super': {
      const full = join(prefix, node.text.replace(/\s+/g, ''));
      const segs = full.split('::');
      const last = segs[segs.length - 1]!;
      if (last === 'self') out.push({ module, local: segs[segs.length - 2] ?? '', target: segs.slice(0, -1).join('::'), glob: false, pub });
      else out.push({ module, local: last, target: full, glob: false, pub });
      return;
    }
    case 'use_as_clause': {
      const path = node.childForFieldName('path');
      const alias = node.childForFieldName('alias');
      if (path && alias) out.push({ module, local: alias.text, target: join(prefix, path.text.replace(/\s+/g, '')), glob: false, pub });
      return;
    }
    case 'use_wildcard': {
      const inner = node.namedChildren[0];
      out.push({ module, local: '*', target: join(prefix, inner ? inner.text.replace(/\s+/g, '') : ''), glob: true, pub });
      return;
    }
    case 'scoped_use_list': {
      const path = node.childForFieldName('path');
      const list = node.childForFieldName('list');
      const next = path ? join(prefix, path.text.replace(/\s+/g, '')) : prefix;
      if (list) for (const c of list.namedChildren) collectUses(c, next, module, pub, out);
      return;
    }
    case 'use_list':
      for (const c of node.namedChildren) collectUses(c, prefix, module, pub, out);
      return;
  }
}

function typeParamsOf(fn: Node): { typeParams?: string[] } {
  const names: string[] = [];
  for (const p of fn.childForFieldName('type_parameters')?.namedChildren ?? []) {
    const name = p.type === 'type_identifier' ? p.text : p.type === 'constrained_type_parameter' || p.type === 'optional_type_parameter' || p.type === 'type_parameter' ? (p.childForFieldName('left') ?? p.childForFieldName('name') ?? p.namedChildren[0])?.text : undefined;
    if (name && /^[A-Z]\w*$/.test(name)) names.push(name);
  }
  return names.length ? { typeParams: names } : {};
}

/** The bounds of each type parameter, `<P: AsRef<Path>>` and `where P: AsRef<Path>` alike. */
function typeBoundsOf(fn: Node): { typeBounds?: Record<string, string> } {
  const bounds: Record<string, string> = {};
  const add = (name: string | undefined, text: string | undefined) => {
    if (!name || !text || !/^[A-Z]\w*$/.test(name)) return;
    const written = compact(text).replace(/^:/, '');
    bounds[name] = bounds[name] ? `${bounds[name]}+${written}` : written;
  };
  for (const p of fn.childForFieldName('type_parameters')?.namedChildren ?? []) {
    if (p.type === 'constrained_type_parameter') add(p.childForFieldName('left')?.text, p.childForFieldName('bounds')?.text);
    if (p.type === 'type_parameter') add((p.childForFieldName('name') ?? p.namedChildren[0])?.text, p.childForFieldName('bounds')?.text);
  }
  for (const w of fn.namedChildren.find((c) => c.type === 'where_clause')?.namedChildren ?? []) {
    if (w.type === 'where_predicate') add(w.childForFieldName('left')?.text, w.childForFieldName('bounds')?.text);
  }
  return Object.keys(bounds).length ? { typeBounds: bounds } : {};
}

function closureGenericsOf(fn: Node): string[] {
  const out = new Set<string>();
  const bounded = (name: string | undefined, bounds: string) => {
    if (name && /\b(Fn|FnMut|FnOnce)\s*\(/.test(bounds)) out.add(name);
  };
  for (const p of fn.childForFieldName('type_parameters')?.namedChildren ?? []) {
    if (p.type === 'constrained_type_parameter') bounded(p.childForFieldName('left')?.text, p.childForFieldName('bounds')?.text ?? '');
    // tree-sitter-rust 0.24 writes `<F: Fn()>` as a `type_parameter` with `name` and `bounds`.
    if (p.type === 'type_parameter') bounded((p.childForFieldName('name') ?? p.namedChildren[0])?.text, p.childForFieldName('bounds')?.text ?? '');
  }
  for (const w of fn.namedChildren.find((c) => c.type === 'where_clause')?.namedChildren ?? []) {
    if (w.type === 'where_predicate') bounded(w.childForFieldName('left')?.text, w.childForFieldName('bounds')?.text ?? '');
  }
  return [...out];
}

function fnFact(fn: Node, module: string[], impl: ImplScope | undefined, imports: ImportMap, path: string): FnFact {
  const name = fn.childForFieldName('name')?.text ?? '';
  const attributes = attributesOf(fn).map(attributePath);
  const paramsNode = fn.childForFieldName('parameters');
  const params: ParamFact[] = [];
  let positions = 0;
  let hasSelf = false;
  let selfTaken: FnFact['selfTaken'];
  for (const p of paramsNode?.namedChildren ?? []) {
    if (p.type === 'self_parameter') {
      hasSelf = true;
      selfTaken = selfTakenBy(p);
    }
    else if (p.type === 'parameter' && p.childForFieldName('pattern')?.type === 'self') {
      // `self: &Arc<Self>`, `self: Box<Self>`: a receiver with its type written out.
      hasSelf = true;
      const type = compact(p.childForFieldName('type')?.text ?? '');
      selfTaken = !type.startsWith('&') ? 'owned' : /^&('\w+)?mut\b/.test(type) ? 'exclusive' : 'shared';
    }
    else if (p.type === 'parameter') {
      const pattern = p.childForFieldName('pattern');
      const names = pattern?.type === 'identifier' ? [pattern.text] : pattern ? pattern.descendantsOfType('identifier').map((i) => i.text) : [];
      const type = compact(p.childForFieldName('type')?.text ?? '');
      const position = positions++;
      // `_: T` binds no name; its slot still takes an argument.
      for (const n of names.length ? names : ['_']) params.push({ name: n, type, position });
    }
  }
  const isAsync = fn.children.find((c) => c.type === 'function_modifiers')?.children.some((c) => c.type === 'async') ?? false;
  const returnNode = fn.childForFieldName('return_type');
  const fact: FnFact = {
    name,
    module,
    ...(impl ? { owner: impl.owner } : {}),
    ...(impl?.trait ? { trait: impl.trait } : {}),
    ...(impl?.blanket !== undefined ? { blanket: impl.blanket } : {}),
    inTraitDefinition: impl?.inTraitDefinition ?? false,
    line: fn.startPosition.row + 1,
    endLine: fn.endPosition.row + 1,
    async: isAsync,
    pub: isPub(fn),
    ...(fn.children.some((c) => c.type === 'visibility_modifier' && c.text.replace(/\s+/g, '') === 'pub') ? { exported: true as const } : {}),
    // Its own test attribute (resolved through `use`: `use tokio::test;` then `#[test]`), a test scope around it, or a test file.
    test: isTestFn(fn, imports) || isTestContext(fn, path),
    entry: (name === 'main' && !impl) || attributes.some(isRuntimeEntryAttribute),
    attributes,
    hasSelf,
    ...(selfTaken ? { selfTaken } : {}),
    params,
    closureGenerics: closureGenericsOf(fn),
    ...typeParamsOf(fn),
    ...typeBoundsOf(fn),
    ...(returnNode ? { returnType: compact(returnNode.text) } : {}),
    calls: [],
    macros: [],
    lets: [],
  };
  const body = fn.childForFieldName('body');
  if (body) {
    collectCalls(body, fact, imports, isAsync);
    const literal = bodyLiteral(body);
    if (literal !== undefined) fact.returnsLiteral = literal;
    if (returnsOnlyConstants(body)) fact.returnsConstant = true;
    const route = routeBuiltBy(body, fact.returnType);
    if (route) fact.buildsRoute = route;
    const extracts = returnNode ? filterExtractsOf(fn, imports) : undefined;
    if (extracts !== undefined) fact.filterExtracts = extracts;
    if (returnNode && /Result\b/.test(returnNode.text) && returnsOnlyOk(body)) fact.neverFails = true;
    if (returnNode && returnsMessageError(returnNode, imports) && errorsShowOnlyFixedText(body)) fact.errorsFixedText = true;
    const query = helperQuery(fn, imports, fn.tree.rootNode);
    if (query) fact.queryHelper = { label: query.label, sql: query.sql };
  }
  return fact;
}

/** `anyhow::Result<T>`, `Result<T>` under `use anyhow::Result`, `Result<T, eyre::Report>`: an error whose text is its message. */
function returnsMessageError(returnType: Node, imports: ImportMap): boolean {
  const text = returnType.text.replace(/\s+/g, '');
  const head = /^([\w:]+)</.exec(text)?.[1];
  if (!head) return false;
  if (MESSAGE_ERROR_RESULTS.has(imports.resolve(head).replace(/^::/, ''))) return true;
  const error = /^(?:std::result::|core::result::)?Result<.*,([\w:]+)>$/.exec(text)?.[1];
  return !!error && MESSAGE_ERROR_TYPES.has(imports.resolve(error).replace(/^::/, ''));
}

/** `{ "SELECT .." }` or `{ QUERY }`: the string or the const's name. */
function bodyLiteral(body: Node): string | undefined {
  const parts = body.namedChildren.filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
  if (parts.length !== 1) return undefined;
  let e: Node | null = parts[0]!;
  if (e.type === 'return_expression' || e.type === 'expression_statement') e = e.namedChildren[0] ?? null;
  if (!e) return undefined;
  const s = stringValue(e);
  if (s !== null) return s;
  return e.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(e.text) ? e.text : undefined;
}

/** The calls and macro invocations of a fn body (nested fns excluded), in source order, with where each runs. */
function collectCalls(body: Node, fact: FnFact, imports: ImportMap, fnAsync: boolean): void {
  const callIndex = new Map<number, number>();
  /** Calls handed a closure, with it. */
  const handed: [Node, CallFact][] = [];
  const macroIndex = new Map<number, number>();
  const contexts = new Map<number, LocalContext>();
  const joined = new Map<number, boolean>();
  const joinedSpawn = (spawn: Node): boolean => {
    let known = joined.get(spawn.id);
    if (known === undefined) joined.set(spawn.id, (known = spawnJoined(spawn, body, imports)));
    return known;
  };
  const nodes = body.tree.nodes;
  for (let i = body.preorder + 1; i < body.subtreeEnd; ) {
    const n = nodes[i]!;
    if (n.type === 'function_item' || n.type === 'mod_item' || n.type === 'impl_item' || n.type === 'trait_item' || n.type === 'macro_definition') {
      i = n.subtreeEnd;
      continue;
    }
    i++;
    if (n.type === 'call_expression') {
      const enclosing = enclosingScopes(n, body);
      const call = callFact(n, imports, scopeContext(enclosing.scope, body, fnAsync, contexts, imports));
      const holder = enclosing.closureCall ? callIndex.get(enclosing.closureCall.id) : undefined;
      if (holder !== undefined) call.closureOf = holder;
      const macro = enclosing.macro ? macroIndex.get(enclosing.macro.id) : undefined;
      if (macro !== undefined) call.inMacro = macro;
      const around = spawnsAround(n, body, imports);
      if (around.length) call.spawned = true;
      const own = isSpawnCall(n, imports) ? [n] : [];
      if (around.length + own.length && [...around, ...own].every((s) => joinedSpawn(s))) call.joined = true;
      if (inRepeatingLoop(n, body, imports)) call.repeats = true;
      if (inForLoop(n, body)) call.iterates = true;
      callIndex.set(n.id, fact.calls.length);
      fact.calls.push(call);
      const closure = closureArgument(n);
      if (closure) handed.push([closure, call]);
    } else if (n.type === 'let_declaration') {
      const l = letFact(n, imports, fact.calls.length);
      if (l) fact.lets.push(l);
    } else if (n.type === 'macro_invocation') {
      const enclosing = enclosingScopes(n, body);
      const m: MacroCallFact = { name: macroName(n), line: n.startPosition.row + 1, endLine: n.endPosition.row + 1, context: scopeContext(enclosing.scope, body, fnAsync, contexts, imports) };
      const holder = enclosing.closureCall ? callIndex.get(enclosing.closureCall.id) : undefined;
      if (holder !== undefined) m.closureOf = holder;
      const paths = macroArgPaths(n);
      if (paths.length) m.argPaths = paths;
      macroIndex.set(n.id, fact.macros.length);
      fact.macros.push(m);
    }
  }
  // Numbered once every call is: the call a closure's body ends with comes after the call taking it.
  for (const [closure, call] of handed) {
    const value = closureValueCall(closure);
    const index = value ? callIndex.get(value.id) : undefined;
    if (index !== undefined) call.closureValue = index;
  }
}

/** The closure a call is handed as an argument, written in place or as the value of a block (`spawn_blocking({ let p = p.clone(); move || .. })`). */
function closureArgument(call: Node): Node | undefined {
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a.type === 'closure_expression') return a;
    if (a.type === 'block') {
      const last = a.lastNamedChild;
      if (last?.type === 'closure_expression') return last;
    }
  }
  return undefined;
}

/** The call whose value a closure returns: its body's value (or the value of its body's block), through `?`, `.await` and parentheses. */
function closureValueCall(closure: Node): Node | undefined {
  let v: Node | null = closure.childForFieldName('body');
  for (let hops = 0; v && hops < 8; hops++) {
    if (v.type === 'block') {
      const last = v.lastNamedChild;
      v = last && last.type !== 'let_declaration' && !(last.type === 'expression_statement' && last.text.trimEnd().endsWith(';')) ? last : null;
      if (v?.type === 'expression_statement') v = v.namedChildren[0] ?? null;
    } else if (v.type === 'try_expression' || v.type === 'await_expression' || v.type === 'parenthesized_expression' || v.type === 'async_block') {
      v = v.type === 'async_block' ? v.namedChildren[v.namedChildren.length - 1] ?? null : v.namedChildren[0] ?? null;
    } else return v.type === 'call_expression' ? v : undefined;
  }
  return undefined;
}

/** A call that starts a task or a thread and does not wait for it (catalogue). */
function isSpawnCall(call: Node, imports: ImportMap): boolean {
  const method = methodName(call);
  return method === null ? isSpawningFunction(imports.resolve(calleeText(call))) : isSpawningMethod(method);
}

/** The spawn calls within `body` whose arguments hold `n`: `spawn(job(x))`, `spawn(async move { .. })`, `spawn(move || ..)`. */
function spawnsAround(n: Node, body: Node, imports: ImportMap): Node[] {
  const out: Node[] = [];
  for (let a = n.parent; a && a.id !== body.id; a = a.parent) {
    if (a.type === 'arguments' && a.parent?.type === 'call_expression' && isSpawnCall(a.parent, imports)) out.push(a.parent);
  }
  return out;
}

/** Whether `n` is in the body of a `loop` / `while` within `body` (a `for` walks a collection: it ends). */
export function inRepeatingLoop(n: Node, body: Node, imports: ImportMap): boolean {
  let child = n;
  for (let a = n.parent; a && a.id !== body.id; a = a.parent) {
    // A `while let` draining a query's rows or a response body ends with them, and a loop draining a
    // channel whose producers end ends with those: a batch, not a service loop.
    const inBody = (a.type === 'loop_expression' || a.type === 'while_expression') && a.childForFieldName('body')?.id === child.id;
    if (inBody && !(a.type === 'while_expression' && drainsFiniteSource(a)) && !drainsEndingChannel(a, imports)) return true;
    child = a;
  }
  return false;
}

/** Whether `n` is inside the body of a `for` loop within `body`. */
function inForLoop(n: Node, body: Node): boolean {
  let child = n;
  for (let a = n.parent; a && a.id !== body.id; a = a.parent) {
    if (a.type === 'for_expression' && a.childForFieldName('body')?.id === child.id) return true;
    child = a;
  }
  return false;
}

/** The innermost closure / async block around `n` within `body`, the call taking that closure as an argument, the macro around it. */
function enclosingScopes(n: Node, body: Node): { scope: Node | null; closureCall: Node | null; macro: Node | null } {
  let scope: Node | null = null;
  let closureCall: Node | null = null;
  let macro: Node | null = null;
  for (let a = n.parent; a && a.id !== body.id; a = a.parent) {
    if (!macro && a.type === 'macro_invocation') macro = a;
    if (!scope && (a.type === 'closure_expression' || a.type === 'async_block')) {
      scope = a;
      if (a.type === 'closure_expression') closureCall = callTakingClosure(a);
    }
    if (!closureCall && a.type === 'closure_expression') closureCall = callTakingClosure(a);
  }
  return { scope, closureCall, macro };
}

/** The local context of code directly inside `scope` (a closure or async block; null for the fn body). */
function scopeContext(scope: Node | null, body: Node, fnAsync: boolean, memo: Map<number, LocalContext>, imports: ImportMap, inSyncClosure = false): LocalContext {
  if (!scope) return fnAsync ? (inSyncClosure ? 'maybe-async' : 'async') : 'sync';
  const key = scope.id * 2 + (inSyncClosure ? 1 : 0);
  const known = memo.get(key);
  if (known) return known;
  let c: LocalContext;
  if (scope.type === 'async_block' || isAsyncClosure(scope)) c = inSyncClosure ? 'maybe-async' : 'async';
  else if (closureOffloaded(scope, imports)) c = 'offloaded';
  else {
    const outer = enclosingScopes(scope, body).scope;
    c = scopeContext(outer, body, fnAsync, memo, imports, true);
  }
  memo.set(key, c);
  return c;
}

/** Whether a call hands its closure argument off the executor, by the catalogue alone. */
export function catalogueOffloads(call: Node, imports: ImportMap): boolean {
  const method = methodName(call);
  if (method === null) return isOffloadingFunction(imports.resolveAt(calleeText(call), call));
  if (isOffloadingMethod(method)) return true;
  return methodChain(call).links.some((l) => isParallelIteratorSource(l.name));
}

function closureOffloaded(closure: Node, imports: ImportMap): boolean {
  const call = callTakingClosure(closure);
  if (call) return catalogueOffloads(call, imports);
  return boundThenPassedTo(closure, (call) => catalogueOffloads(call, imports));
}

/**
 * The call a closure is an argument of: `spawn_blocking(move || ..)`, or the value of a block
 * argument that prepares its captures first (`spawn_blocking({ let p = p.clone(); move || .. })`).
 */
export function callTakingClosure(closure: Node): Node | null {
  let cur = closure;
  for (let p = cur.parent; p; cur = p, p = p.parent) {
    if (p.type === 'arguments') return p.parent?.type === 'call_expression' ? p.parent : null;
    if (p.type === 'parenthesized_expression') continue;
    // The block's value: its last named child (comments aside).
    if (p.type === 'block' && p.namedChildren.filter((c) => !c.type.endsWith('comment')).pop()?.id === cur.id) continue;
    return null;
  }
  return null;
}

/** `let job = move || ..; spawn_blocking(job)`: the closure is bound first, then handed to a call `accepts`. */
export function boundThenPassedTo(closure: Node, accepts: (call: Node) => boolean): boolean {
  const decl = closure.parent;
  if (decl?.type !== 'let_declaration') return false;
  const name = decl.childForFieldName('pattern')?.text;
  const block = decl.parent;
  if (!name || !block) return false;
  return block.descendantsOfType('identifier').some(
    (i) => i.text === name && i.startIndex > decl.endIndex && i.parent?.type === 'arguments' && i.parent.parent?.type === 'call_expression' && accepts(i.parent.parent),
  );
}

const SHORT_PATH = /^[\w.]{1,60}$/;

/** `let x: T = ..`, `let x = T::new(..)`, `let x = Arc::clone(&self.a)`: one name and what it holds. */
/**
 * `nextCall`: the index the next call of the fn body gets. Calls are numbered in pre-order, so the
 * outermost call of the value is the next one, and the receiver of a method call the one after it.
 */
function letFact(decl: Node, imports: ImportMap, nextCall: number): LetFact | undefined {
  const pattern = decl.childForFieldName('pattern');
  const ident = patternIdentifier(pattern);
  if (ident?.type !== 'identifier') return undefined;
  const fact: LetFact = { name: ident.text, line: decl.startPosition.row + 1 };
  const declared = decl.childForFieldName('type');
  let value = decl.childForFieldName('value');
  let tried = false;
  while (value && (value.type === 'try_expression' || value.type === 'await_expression' || value.type === 'parenthesized_expression')) {
    tried ||= value.type === 'try_expression';
    value = value.namedChildren[0] ?? null;
  }
  const built = !declared && value ? constructedType(value) : undefined;
  const type = declared ? innerType(compact(declared.text)) : value ? built ?? (tried ? producedType(value) : undefined) : undefined;
  if (type) {
    fact.type = type;
    // `Config::load_path(..)?` names `Config` but may hand back another type (`Result<Settings>`): the
    // call is kept too, so the callee's declared return type wins where the index knows it.
    const bound = built && value?.type === 'call_expression' ? boundCall(value, nextCall) : undefined;
    if (bound) {
      fact.call = bound.index;
      if (tried || bound.unwrapped) fact.unwrapped = true;
    }
  } else if (value) {
    const source = sharedSource(value, imports);
    if (source && SHORT_PATH.test(source.text)) fact.source = source.text;
    else if (!declared) {
      const bound = boundCall(value, nextCall);
      if (bound) {
        fact.call = bound.index;
        if (tried || bound.unwrapped) fact.unwrapped = true;
      }
    }
  }
  return fact;
}


/**
 * The call whose value a `let` binds, through `?`, `.await` and value-passing methods, with its index
 * among the fn's calls (pre-order: each value-passing call, then the one inside it).
 */
function boundCall(value: Node, nextCall: number): { index: number; unwrapped: boolean } | undefined {
  let v: Node | null = value;
  let index = nextCall;
  let unwrapped = false;
  for (let hops = 0; v && hops < 8; hops++) {
    if (v.type === 'try_expression' || v.type === 'await_expression' || v.type === 'parenthesized_expression') {
      unwrapped ||= v.type === 'try_expression';
      v = v.namedChildren[0] ?? null;
      continue;
    }
    if (v.type !== 'call_expression') return undefined;
    const method = methodName(v);
    if (method === null || !isValuePassingMethod(method)) return { index, unwrapped };
    // Its receiver is numbered right after it: the method's own arguments come after the receiver's subtree.
    // `unwrap` / `expect` take the value out; `ok_or` / `map_err` / `context` only change the error.
    unwrapped ||= UNWRAP_METHODS.has(method);
    index++;
    v = methodReceiver(v);
  }
  return undefined;
}

/**
 * `T::new(..)`, `T::from(..)`, `T { .. }`: the type a value is built as, when it names one. A smart
 * pointer built around one (`Arc::new(Repo::new(pool))`) is, for the methods called on it, that type.
 */
function constructedType(value: Node, depth = 0): string | undefined {
  if (value.type === 'struct_expression') return value.childForFieldName('name')?.text.split('::').pop();
  if (value.type !== 'call_expression' || methodName(value) !== null) return undefined;
  const segs = calleeText(value).replace(/\s+/g, '').replace(/::<[^>]*>/g, '').split('::');
  const owner = segs[segs.length - 2];
  if (owner && isSmartPointerType(owner) && segs[segs.length - 1] === 'new' && depth < 3) {
    const args = value.childForFieldName('arguments')?.namedChildren ?? [];
    return args.length === 1 ? constructedType(args[0]!, depth + 1) : undefined;
  }
  return owner && /^[A-Z]/.test(owner) && owner !== 'Self' && owner !== 'Arc' && owner !== 'Rc' && owner !== 'Box' && owner !== 'Some' && owner !== 'Ok' ? owner : undefined;
}

/**
 * `cfg.try_deserialize::<Settings>()?`, `body.json::<Order>().await?`, `text.parse::<Port>()?`: a
 * generic method whose one type argument names what its success holds, once `?` took the error out.
 */
function producedType(value: Node): string | undefined {
  if (value.type !== 'call_expression' || methodName(value) === null) return undefined;
  const fn = value.childForFieldName('function');
  const generic = fn?.type === 'generic_function' ? fn : fn?.childForFieldName('field')?.type === 'generic_function' ? fn.childForFieldName('field') : null;
  const args = generic?.childForFieldName('type_arguments')?.namedChildren ?? [];
  if (args.length !== 1) return undefined;
  const type = innerType(compact(args[0]!.text));
  return type && /^[A-Z]/.test(type) && type !== 'Self' ? type : undefined;
}

/** `Arc::clone(&x)`, `x.clone()`, `Rc::clone(&x)`, `&x`: the expression whose value it shares. */
function sharedSource(expr: Node, imports: ImportMap): Node | null {
  if (expr.type === 'reference_expression') return expr.namedChildren[expr.namedChildren.length - 1] ?? null;
  if (expr.type !== 'call_expression') return null;
  const args = expr.childForFieldName('arguments')?.namedChildren ?? [];
  const method = methodName(expr);
  if (method !== null) return (method === 'clone' || method === 'as_ref') && !args.length ? methodReceiver(expr) : null;
  const callee = imports.resolve(calleeText(expr).replace(/\s+/g, ''));
  if (args.length !== 1 || !/(^|::)(Arc|Rc)::(clone|new)$|(^|::)Clone::clone$/.test(callee)) return null;
  const arg = args[0]!;
  return arg.type === 'reference_expression' ? arg.namedChildren[arg.namedChildren.length - 1] ?? null : arg;
}

/** Argument positions whose passed name CallFact.argIdents records. */
const MAX_ARG_IDENTS = 6;
/** Methods that hand on the same text or value they are called on (a borrow, a copy, a conversion). */
const PASS_THROUGH_METHODS = new Set(['clone', 'as_str', 'as_ref', 'to_string', 'to_owned', 'into', 'as_bytes', 'borrow']);

/** The local name an argument hands over (`sql`, `&sql`, `&*sql`, `sql.clone()`, `sql.as_str()`), or null. */
function passedName(arg: Node): string | null {
  let node: Node | null = arg;
  for (let depth = 0; node && depth < 6; depth++) {
    if (node.type === 'identifier') return node.text;
    if (node.type === 'reference_expression' || node.type === 'parenthesized_expression' || (node.type === 'unary_expression' && node.text.startsWith('*'))) {
      node = node.namedChildren[node.namedChildren.length - 1] ?? null;
      continue;
    }
    if (node.type === 'call_expression' && PASS_THROUGH_METHODS.has(methodName(node) ?? '') && !node.childForFieldName('arguments')?.namedChildren.length) {
      node = methodReceiver(node);
      continue;
    }
    return null;
  }
  return null;
}

/** CallFact.argClients: the client constructions the first arguments hold, or undefined when none does. */
function clientArguments(args: Node | null, imports: ImportMap): (ConstructionFact | null)[] | undefined {
  if (!args) return undefined;
  const list = args.namedChildren.filter((a) => !a.type.endsWith('comment')).slice(0, MAX_ARG_IDENTS);
  let any = false;
  const out = list.map((a) => {
    // Only what can hold a client: a name, a borrow, a call; not literals, closures, macros.
    if (!/^(identifier|reference_expression|call_expression|try_expression|parenthesized_expression)$/.test(a.type)) return null;
    const c = constructionOf(a, imports);
    if (!c || !isClientConstruction(unwrapShared(c).root)) return null;
    any = true;
    return c;
  });
  return any ? out : undefined;
}

function callFact(call: Node, imports: ImportMap, context: LocalContext): CallFact {
  const method = methodName(call);
  const args = call.childForFieldName('arguments');
  const argNames: string[] = [];
  const argPaths: string[] = [];
  let closureArg = false;
  for (const a of args?.namedChildren ?? []) {
    if (a.type === 'closure_expression') closureArg = true;
    if (a.type === 'identifier' || a.type === 'scoped_identifier') argPaths.push(a.text.replace(/\s+/g, ''));
    if (a.type === 'identifier') argNames.push(a.text);
    else if (argNames.length < MAX_ARG_NAMES) for (const id of a.descendantsOfType('identifier')) if (argNames.length < MAX_ARG_NAMES && !argNames.includes(id.text)) argNames.push(id.text);
  }
  const firstArgs = (args?.namedChildren ?? []).filter((a) => !a.type.endsWith('comment')).slice(0, MAX_ARG_IDENTS);
  const argIdents = firstArgs.map(passedName);
  const argConstants = firstArgs.map((a) => isConstantExpr(a));
  const fact: CallFact = { line: call.startPosition.row + 1, awaited: awaited(call), context, closureArg, argNames, ...(argPaths.length ? { argPaths } : {}), ...(inBlockOn(call, imports) ? { drivenByBlockOn: true as const } : {}) };
  const run = method !== null ? dbRun(call, imports, call.tree.rootNode) : null;
  if (run) fact.dbRun = run.label;
  const tables = run ? insertedTables(run.sql, call) : [];
  if (tables.length) fact.inserts = tables;
  if (argIdents.some((n) => n !== null)) fact.argIdents = argIdents;
  const argClients = clientArguments(args, imports);
  if (argClients) fact.argClients = argClients;
  if (argConstants.some(Boolean)) fact.argConstants = argConstants;
  if (propagatesResult(call)) {
    fact.propagates = true;
    const sent = outboundSend(call, imports);
    if (sent) fact.outbound = sent;
  }
  if (method === null) {
    const resolved = resolvedCallee(call, imports);
    if (resolved !== null) {
      fact.written = calleeText(call).replace(/\s+/g, '').replace(/::<[^>]*>/g, '');
      fact.resolved = resolved;
    }
    return fact;
  }
  fact.method = method;
  const filterParams = argPaths.length === 1 ? filterHandlerParams(call, imports) : undefined;
  if (filterParams !== undefined) fact.filterParams = filterParams;
  const viaHelper = argPaths.length === 1 && filterParams === undefined ? helperRootedFilterParams(call, imports) : undefined;
  if (viaHelper !== undefined) fact.helperFilterParams = viaHelper;
  const receiver = methodReceiver(call);
  // rustfmt splits long chains over lines (`self\n    .store\n    .load_one(..)`): the receiver is the same path.
  const receiverPath = receiver?.text.replace(/\s+/g, '');
  if (receiverPath && receiverPath.length <= 60 && /^[\w.]+$/.test(receiverPath)) fact.receiver = receiverPath;
  const { root } = methodChain(call);
  if (root.type === 'call_expression' && methodName(root) === null) fact.chainRoot = imports.resolveAt(calleeText(root), root);
  let made = receiver;
  while (made && (made.type === 'try_expression' || made.type === 'await_expression' || made.type === 'parenthesized_expression')) made = made.namedChildren[0] ?? null;
  const callee = made?.type === 'call_expression' ? made.childForFieldName('function') : null;
  if (callee && (callee.type === 'identifier' || callee.type === 'scoped_identifier')) fact.receiverCall = callee.text.replace(/\s+/g, '');
  const guarded = made ? lockedPath(made) : undefined;
  if (guarded) fact.guardOf = guarded;
  return fact;
}

/**
 * `wal.lock().await`, `state.read().unwrap()`, `m.lock().expect(..)`, `self.inner.write()`: a lock
 * guard taken on a short path, which derefs to the locked value; the path, or undefined.
 */
function lockedPath(receiver: Node): string | undefined {
  let v: Node | null = receiver;
  for (let hops = 0; v && hops < 4; hops++) {
    if (v.type === 'try_expression' || v.type === 'await_expression' || v.type === 'parenthesized_expression') v = v.namedChildren[0] ?? null;
    else if (v.type === 'call_expression' && /^(unwrap|expect)$/.test(methodName(v) ?? '')) v = methodReceiver(v);
    else break;
  }
  // The catalogue's lock acquisitions: each hands out a guard (in a `Result`, an `Option` or a future) that derefs to the value.
  if (v?.type !== 'call_expression' || !isLockAcquireMethod(methodName(v) ?? '') || v.childForFieldName('arguments')?.namedChildren.length) return undefined;
  const path = methodReceiver(v)?.text.replace(/\s+/g, '');
  return path && path.length <= 60 && /^[\w.]+$/.test(path) ? `${path}.${methodName(v)}` : undefined;
}

/**
 * The HTTP request a call sends, when it is one: `.send()` / `.call()` with no arguments after a request method
 * with a URL (`.get(url)`), in a chain that starts at an HTTP client crate's path or in a file that imports one
 * (a channel's `tx.send(msg)` takes an argument; a builder's `.get(k).send()` elsewhere imports no client);
 * or a convenience request function (`reqwest::get(url)`).
 */
function outboundSend(call: Node, imports: ImportMap): string | null {
  const method = methodName(call);
  if (method === null) {
    const resolved = imports.resolveAt(calleeText(call).replace(/\s+/g, ''), call);
    return isConvenienceRequest(resolved) ? `${resolved}(..)` : null;
  }
  if (!isSendMethod(method) || (call.childForFieldName('arguments')?.namedChildren.length ?? 0) > 0) return null;
  const { root, links } = methodChain(call);
  const request = links.find((l) => isRequestMethod(l.name) && (l.args?.namedChildren.length ?? 0) > 0);
  if (!request) return null;
  const rootPath = root.type === 'call_expression' && methodName(root) === null ? imports.resolveAt(calleeText(root), root) : '';
  const importsClient = [...imports.names.values(), ...imports.globs].some((p) => isHttpClientPath(p.replace(/^::/, '')));
  return isHttpClientPath(rootPath) || importsClient ? `${request.name}(..).${method}()` : null;
}

/**
 * The HTTP request a call sends (see outboundSend), also when the request was built earlier and bound
 * by a `let` (`let request = client.post(url).json(&body); .. request.send().await`), propagated or
 * not: for rules that ask what a piece of code does, not what its `Result` carries.
 */
export function sentRequest(call: Node, imports: ImportMap): string | null {
  const direct = outboundSend(call, imports);
  if (direct) return direct;
  const method = methodName(call);
  if (method === null || !isSendMethod(method) || (call.childForFieldName('arguments')?.namedChildren.length ?? 0) > 0) return null;
  const { root, links } = methodChain(call);
  if (root.type !== 'identifier' || links.some((l) => isRequestMethod(l.name))) return null;
  const decl = resolveBinding(root);
  if (decl?.kind !== 'let' || !decl.value) return null;
  const built = methodChain(decl.value);
  const request = built.links.find((l) => isRequestMethod(l.name) && (l.args?.namedChildren.length ?? 0) > 0);
  const importsClient = [...imports.names.values(), ...imports.globs].some((p) => isHttpClientPath(p.replace(/^::/, '')));
  // `client: &reqwest::Client` written in full needs no import.
  const clientDecl = built.root.type === 'identifier' ? resolveBinding(built.root) : null;
  const declared = clientDecl?.type ? imports.resolve(clientDecl.type.text.replace(/^&\s*('\w+\s+)?(mut\s+)?/, '').replace(/<.*$/s, '')) : '';
  return request && (importsClient || isHttpClientPath(declared.replace(/^::/, ''))) ? `${request.name}(..).${method}()` : null;
}


/** The call's `Result` leaves the fn: by `?` (after `.await` and error conversions), `return`, or as the body's tail. */
function propagatesResult(call: Node): boolean {
  let cur: Node = call;
  for (let p = cur.parent; p; cur = p, p = p.parent) {
    if (p.type === 'await_expression' || p.type === 'parenthesized_expression') continue;
    // `call(..).map_err(..)`: the conversion call whose receiver this is.
    if (p.type === 'field_expression' && p.childForFieldName('value')?.id === cur.id && p.parent?.type === 'call_expression' && isErrorConversion(p.childForFieldName('field')?.text ?? '')) {
      p = p.parent;
      continue;
    }
    if (p.type === 'try_expression' || p.type === 'return_expression') return true;
    // `match call(..) { Ok(v) => Ok(f(v)), Err(e) => Err(e) }`: the match hands the error on, as `?` does.
    if (p.type === 'match_expression' && p.childForFieldName('value')?.id === cur.id) {
      const passed = errorArmPasses(p);
      if (passed === 'returned') return true;
      if (passed === 'value') continue;
      return false;
    }
    // A `match` / `if` ending a block is parsed as a statement without its `;`.
    if (p.type === 'expression_statement' && cur.type !== 'call_expression' && !p.text.trimEnd().endsWith(';')) continue;
    return p.type === 'block' && p.lastNamedChild?.id === cur.id && p.parent?.type === 'function_item';
  }
  return false;
}

/** How a `match` on a `Result` passes the error of its `Err(e)` arm on: `Err(e)` / `Err(e.into())` as the match's value, or `return Err(..)`. */
function errorArmPasses(match: Node): 'value' | 'returned' | undefined {
  for (const arm of match.childForFieldName('body')?.namedChildren ?? []) {
    if (arm.type !== 'match_arm') continue;
    const pattern = arm.childForFieldName('pattern');
    const bound = /^Err\((\w+)\)$/.exec(compact(pattern?.text ?? ''))?.[1];
    if (!bound || bound === '_') continue;
    let value = arm.childForFieldName('value');
    if (value?.type === 'block' && value.namedChildren.length === 1) value = value.namedChildren[0]!.type === 'expression_statement' ? value.namedChildren[0]!.namedChildren[0] ?? null : value.namedChildren[0]!;
    const returned = value?.type === 'return_expression';
    const text = compact((returned ? value!.namedChildren[0] : value)?.text ?? '');
    if (new RegExp(`^Err\\(${bound}(\\.into\\(\\)|\\.to_string\\(\\))?\\)$`).test(text) || new RegExp(`^Err\\(\\w+(::\\w+)*\\(${bound}\\)\\)$`).test(text)) return returned ? 'returned' : 'value';
  }
  return undefined;
}

/** Whether `call` is in the argument of a `block_on` call of the same fn (through `async` blocks, not closures or items). */
function inBlockOn(call: Node, imports: ImportMap): boolean {
  for (let a = call.parent; a; a = a.parent) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    if (a.type !== 'arguments' || a.parent?.type !== 'call_expression') continue;
    const holder = a.parent;
    const method = methodName(holder);
    if (method !== null ? method === BLOCK_ON_METHOD : isBlockOnFunction(imports.resolveAt(calleeText(holder).replace(/\s+/g, ''), holder))) return true;
  }
  return false;
}

function awaited(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'await_expression') return true;
    if (p.type === 'field_expression' || p.type === 'call_expression' || p.type === 'try_expression' || p.type === 'arguments') continue;
    return false;
  }
  return false;
}

/** The comma-separated arguments of a macro invocation that are only a path (`migrate_to_v4`, `crate::jobs::sweep`). */
function macroArgPaths(invocation: Node): string[] {
  const tree = macroTokenTree(invocation);
  if (!tree) return [];
  const out: string[] = [];
  let group = '';
  let plain = true;
  const flush = () => {
    if (plain && /^(?:(?:crate|self|super)::)*[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*$/.test(group) && out.length < 16) out.push(group);
    group = '';
    plain = true;
  };
  for (const c of tree.children.slice(1, -1)) {
    if (c.type === ',') flush();
    else if (c.type === 'identifier' || c.type === 'scoped_identifier' || c.type === '::' || c.type === 'crate' || c.type === 'self' || c.type === 'super') group += c.text.replace(/\s+/g, '');
    else plain = false;
  }
  flush();
  return out;
}

function macroRulesFact(item: Node, module: string[], fnFactOf: (fn: Node, imports: ImportMap) => FnFact): MacroRulesFact {
  const name = item.childForFieldName('name')?.text ?? item.namedChildren.find((c) => c.type === 'identifier')?.text ?? '';
  const calls: string[] = [];
  const paths: string[] = [];
  const macros: string[] = [];
  // The expansions: every token tree after a `=>` of a rule (the matchers are not code).
  for (const rule of item.namedChildren.filter((c) => c.type === 'macro_rule')) {
    const expansion = rule.namedChildren[rule.namedChildren.length - 1];
    if (!expansion || expansion.type !== 'token_tree') continue;
    const leaves = tokenLeaves(expansion);
    for (let i = 0; i < leaves.length; i++) {
      const t = leaves[i]!;
      if (t.type === 'identifier' && leaves[i + 1]?.text === '!' && leaves[i - 1]?.text !== '$' && !macros.includes(t.text)) macros.push(t.text);
      if (t.type !== 'identifier' || leaves[i + 1]?.text !== '(') continue;
      if (!calls.includes(t.text)) calls.push(t.text);
      // `tokio::task::block_in_place(` written in full
      let j = i;
      const segs = [t.text];
      while (j >= 2 && leaves[j - 1]?.text === '::' && leaves[j - 2]?.type === 'identifier') {
        segs.unshift(leaves[j - 2]!.text);
        j -= 2;
      }
      if (segs.length > 1 && !paths.includes(segs.join('::'))) paths.push(segs.join('::'));
    }
  }
  const tests = definesTests(item);
  const handedOn = namesHandedToMacroParams(item);
  const itemRules = macroItemRules(item, fnFactOf);
  return { module, name, line: item.startPosition.row + 1, calls, paths, ...(macros.length ? { macros } : {}), ...(tests ? { definesTests: true as const } : {}), ...(handedOn.length ? { passesToMacroParam: handedOn } : {}), ...(itemRules ? { itemRules } : {}) };
}

const MAX_ITEM_MACRO_IDENTS = 40;

function itemMacroFact(invocation: Node, module: string[], impl: ImplScope | undefined, path: string): ItemMacroFact {
  const tt = macroTokenTree(invocation);
  const idents: string[] = [];
  for (const t of tt ? tokenLeaves(tt) : []) if (t.type === 'identifier' && !idents.includes(t.text) && idents.length < MAX_ITEM_MACRO_IDENTS) idents.push(t.text);
  const args = macroArgElements(invocation);
  const test = isTestContext(invocation, path);
  return {
    module,
    name: macroName(invocation).split('::').pop()!,
    line: invocation.startPosition.row + 1,
    endLine: invocation.endPosition.row + 1,
    idents,
    ...(impl ? { owner: impl.owner } : {}),
    ...(args ? { args } : {}),
    ...(test ? { test: true as const } : {}),
  };
}

/** The leaves of each rule's expansion (the token tree after `=>`). */
function expansions(item: Node): Node[][] {
  const out: Node[][] = [];
  for (const rule of item.namedChildren.filter((c) => c.type === 'macro_rule')) {
    const expansion = rule.namedChildren[rule.namedChildren.length - 1];
    if (expansion?.type === 'token_tree') out.push(tokenLeaves(expansion));
  }
  return out;
}

/**
 * An expansion with a test attribute (`#[test]`, `#[tokio::test]`, `#[sqlx::test]`: a path whose
 * last segment is `test`) that calls a metavariable as a fn (`$name(..)`, `super::$name(..)`).
 */
function definesTests(item: Node): boolean {
  return expansions(item).some((leaves) => {
    let attribute = false;
    let callsParam = false;
    for (let i = 0; i < leaves.length; i++) {
      const t = leaves[i]!;
      if (t.text === '#' && leaves[i + 1]?.text === '[') {
        let j = i + 2;
        while (leaves[j]?.type === 'identifier' && leaves[j + 1]?.text === '::') j += 2;
        if (leaves[j]?.text === 'test' && /^[\](]$/.test(leaves[j + 1]?.text ?? '')) attribute = true;
      }
      if (t.type === 'metavariable' && leaves[i + 1]?.text === '(' && leaves[i - 1]?.text !== 'fn') callsParam = true;
    }
    return attribute && callsParam;
  });
}

/** `$each!(check_a)`: the names given to a macro that a metavariable names. */
function namesHandedToMacroParams(item: Node): string[] {
  const out: string[] = [];
  for (const leaves of expansions(item)) {
    for (let i = 0; i + 2 < leaves.length; i++) {
      if (leaves[i]!.type !== 'metavariable' || leaves[i + 1]!.text !== '!' || !/^[([{]$/.test(leaves[i + 2]!.text)) continue;
      // The names up to the matching close (the leaves of one token tree are flat: count the brackets).
      let depth = 0;
      for (let j = i + 2; j < leaves.length; j++) {
        const x = leaves[j]!;
        if (/^[([{]$/.test(x.text)) depth++;
        else if (/^[)\]}]$/.test(x.text) && --depth === 0) break;
        else if (x.type === 'identifier' && !out.includes(x.text)) out.push(x.text);
      }
    }
  }
  return out;
}

/** The macro invocation's token tree as text (for rules that need to look inside unknown macros). */
export const macroText = (invocation: Node): string => macroTokenTree(invocation)?.text ?? '';

/** The `unsafe fn`s of a trait body whose doc comment (the comments and attributes right above) has a `# Safety` section. */
function safetyDocumentedFns(body: Node): string[] {
  const out: string[] = [];
  for (const item of body.namedChildren) {
    if (item.type !== 'function_item' && item.type !== 'function_signature_item') continue;
    if (!item.children.some((c) => c.type === 'function_modifiers' && c.children.some((m) => m.type === 'unsafe'))) continue;
    for (let p = item.previousNamedSibling; p && (p.type === 'line_comment' || p.type === 'block_comment' || p.type === 'attribute_item'); p = p.previousNamedSibling) {
      if (/#\s*Safety|SAFETY\s*:/i.test(p.text)) {
        out.push(item.childForFieldName('name')?.text ?? '');
        break;
      }
    }
  }
  return out;
}

/** `&self` / `&'a self` -> shared, `&mut self` -> exclusive, `self` / `mut self` -> owned. */
function selfTakenBy(p: Node): 'shared' | 'exclusive' | 'owned' {
  if (!p.children.some((c) => c.text === '&')) return 'owned';
  return p.children.some((c) => c.type === 'mutable_specifier') ? 'exclusive' : 'shared';
}
