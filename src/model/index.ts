/**
 * The model of the crate: one semantic layer under every rule (DESIGN.md, "The model of the crate").
 *
 *   facts.ts        fileFacts(tree, path) -> FileFacts: per-file facts, plain data (cacheable by blob)
 *   crate-index.ts  modules, `use` resolution, items, built from the facts of every file
 *   summaries.ts    function summaries bottom-up over the call graph (offloads, blocks, CPU-heavy, ..)
 *   executor.ts     where each expression runs (executor, offloaded, sync), wrappers and macros included
 *   manifests.ts    Cargo manifests: package names, binaries, dependencies (test-support packages)
 *   context.ts      where each fn runs: request, background job, start-up / CLI command, test
 *   clone-cost.ts   what a clone of a type costs (cheap / heavy / unknown); clones.ts: clone sites and what they copy
 *   value-shapes.ts what kind of value an expression is (`str`, `String`, slice, `Vec`, `Path`..)
 *   iteration.ts    loops and per-item closures: what runs once per item; thread-safety.ts: spawns and `Send`/`Sync`
 *   index.ts        CrateModel: built once per review; FileModel: what a rule asks about its file
 *
 * Rules ask the FileModel (`ctx.model`) with syntax nodes of the file they walk; the answers know
 * the helpers of the other files.
 */
import { NodeMemo, type Node, type Tree } from '../rust/parser.js';
import { CrateIndex, type FnRef } from './crate-index.js';
import { ExecutionContexts, type ExecutionContext } from './context.js';
import { codeContext, type CodeContext } from './code-context.js';
import { FunctionOrigins } from './origins.js';
import { ImportMap } from '../rust/imports.js';
import { fileFacts, type FileFacts } from './facts.js';
import type { ManifestFact } from './manifests.js';
import { heavyEvidence, receiverLibraryType, receiverTypePath, Summaries, typedBlockingEvidence, typedReceiver, type Evidence, type FnSummary } from './summaries.js';
import { isEmbeddedStoreCall } from '../catalogue/database.js';
import { isSpawningFunction, isSpawningMethod } from '../catalogue/executor.js';
import { isExtractorTrait } from '../catalogue/web.js';
import { innerType } from './types.js';
import { SleepingFns } from './sleeps.js';
import { ConstantArguments } from './constant-arguments.js';
import { SqlTextParams, type SqlSink } from './sql-text.js';
import { calleeText, methodName } from '../rust/syntax.js';
import { callValueType } from './call-types.js';
import { cloneCostOfType } from './type-costs.js';
import type { Cost } from './clone-cost.js';
import { expandFilterKinds, type FilterLookup } from './filter-chains.js';
import { displaysAsStdText } from '../catalogue/types.js';

export type { FileFacts } from './facts.js';
export type { FnRef } from './crate-index.js';
export type { Evidence, FnSummary } from './summaries.js';
export type { ExecutionContext } from './context.js';
export type { CodeContext } from './code-context.js';
export type { Origin, OriginKind, FunctionOrigins } from './origins.js';
export type { ManifestFact } from './manifests.js';
export { fileFacts, FACTS_VERSION } from './facts.js';
export { manifestFact } from './manifests.js';

export class CrateModel {
  private builtIndex?: CrateIndex;
  private builtSummaries?: Summaries;
  private builtContexts?: ExecutionContexts;

  private constructor(
    readonly facts: readonly FileFacts[],
    readonly manifests: readonly ManifestFact[],
  ) {}

  /** Built on first use: a review whose every output comes from the cache never asks (half a second on a 500-file crate). */
  get index(): CrateIndex {
    return (this.builtIndex ??= new CrateIndex(this.facts, this.manifests));
  }

  get summaries(): Summaries {
    return (this.builtSummaries ??= new Summaries(this.index));
  }

  private builtSleeps?: SleepingFns;

  /** Fns that sleep a fixed time when called (sleeps.ts), computed on first use. */
  get sleeps(): SleepingFns {
    return (this.builtSleeps ??= new SleepingFns(this.index, this.summaries));
  }

  private builtFilterParams?: Map<string, Set<number>>;

  /**
   * The parameters of a fn that a filter chain fills with what the client sent (filter-chains.ts:
   * `warp::query::<Q>()`, `warp::body::json()`, a typed `path!` segment), by position; every chain
   * handing it over counts.
   */
  filterRequestParams(ref: FnRef): ReadonlySet<number> | undefined {
    if (!this.builtFilterParams) {
      const map = new Map<string, Set<number>>();
      for (const caller of this.index.fns) {
        for (const call of caller.fn.calls) {
          if (call.filterParams === undefined && call.helperFilterParams === undefined) continue;
          const crate = this.index.crateOf(caller.file.path);
          const module = this.index.moduleAt(caller.file, caller.fn.module);
          const helpers = this.filterHelpers(crate, module);
          // A chain rooted at a helper fn is a filter chain only if that helper returns a filter.
          const written = call.filterParams ?? (helpers(/^<([^>]*)>/.exec(call.helperFilterParams!)![1]!) ? call.helperFilterParams! : '');
          const kinds = written.includes('<') ? expandFilterKinds(written, helpers).kinds : written;
          if (!kinds.includes('r')) continue;
          for (const path of call.argPaths ?? []) {
            const r = this.index.resolve(crate, module, path);
            for (const target of r ? this.index.freeFns(r) : []) {
              const set = map.get(target.key) ?? map.set(target.key, new Set()).get(target.key)!;
              [...kinds].forEach((k, i) => k === 'r' && set.add(i));
            }
          }
        }
      }
      this.builtFilterParams = map;
    }
    return this.builtFilterParams.get(ref.key);
  }

  /** Helper filters as named from `module` (`with_db`, `filters::json_body`): the crate fn's facts say what each extracts. */
  private filterHelpers(crate: string, module: readonly string[]): FilterLookup {
    return (path) => {
      const r = this.index.resolve(crate, module, path);
      const helper = (r ? this.index.freeFns(r) : []).find((f) => f.fn.filterExtracts !== undefined);
      if (!helper) return undefined;
      return { kinds: helper.fn.filterExtracts!, lookup: this.filterHelpers(this.index.crateOf(helper.file.path), this.index.moduleAt(helper.file, helper.fn.module)) };
    };
  }

  private builtConstantArguments?: ConstantArguments;

  /** Parameters every caller fills with a constant (constant-arguments.ts), computed on first use. */
  get constantArguments(): ConstantArguments {
    return (this.builtConstantArguments ??= new ConstantArguments(this.index, this.contexts));
  }

  private builtSqlText?: SqlTextParams;

  /** Crate fns whose string parameters are run as SQL text (sql-text.ts), computed on first use. */
  get sqlText(): SqlTextParams {
    return (this.builtSqlText ??= new SqlTextParams(this.index, this.summaries));
  }

  /** `manifests`: the repository's Cargo.toml files read (packages, binaries, dependencies). */
  static build(facts: readonly FileFacts[], manifests: readonly ManifestFact[] = []): CrateModel {
    return new CrateModel(facts, manifests);
  }

  /** Where each fn runs (computed on first use). */
  get contexts(): ExecutionContexts {
    return (this.builtContexts ??= new ExecutionContexts(this.index, this.summaries, this.manifests));
  }

  has(path: string): boolean {
    return this.index.files.has(path);
  }

  private builtGuards?: Map<string, FnRef[]>;

  /**
   * Per type name, the crate's extractor impls for it (`impl FromRequestParts<S> for AdminUser`) that
   * can return an `Err`: a handler taking that type runs only for requests the impl accepts (a
   * session, a token, a role). Any crate of the workspace: the extractor often lives in a shared one.
   */
  rejectingExtractors(type: string): readonly FnRef[] {
    if (!this.builtGuards) {
      this.builtGuards = new Map();
      for (const ref of this.index.fns) {
        const { fn } = ref;
        if (!fn.owner || !isExtractorTrait(fn.trait ?? '') || !/^from_request(_parts)?$/.test(fn.name) || fn.neverFails || ref.fn.test) continue;
        (this.builtGuards.get(fn.owner) ?? this.builtGuards.set(fn.owner, []).get(fn.owner)!).push(ref);
      }
    }
    return this.builtGuards.get(type) ?? [];
  }

  /** This model with one file's facts added or replaced (a file analysed that the review's model did not hold). */
  with(facts: FileFacts): CrateModel {
    return new CrateModel([...this.facts.filter((f) => f.path !== facts.path), facts], this.manifests);
  }

  /** The view a rule gets of the file it analyses (`tree` is the tree the rule walks). */
  forFile(path: string, tree: Tree): FileModel {
    return new FileModel(this, path, tree);
  }
}

/** Builds the model of one file alone (unit tests, single-file reviews). */
export function modelOfFile(tree: Tree, path: string, others: readonly FileFacts[] = [], manifests: readonly ManifestFact[] = []): FileModel {
  return CrateModel.build([...others.filter((f) => f.path !== path), fileFacts(tree.rootNode, path)], manifests).forFile(path, tree);
}

/** The inline `mod`s around a node, outermost first. */
function inlineModules(node: Node): string[] {
  const inline: string[] = [];
  for (let a = node.parent; a; a = a.parent) if (a.type === 'mod_item') inline.unshift(a.childForFieldName('name')?.text ?? '');
  return inline;
}

const NESTED_ITEMS = new Set(['function_item', 'mod_item', 'impl_item', 'trait_item', 'macro_definition']);

export class FileModel {
  readonly file: FileFacts;
  readonly crate: string;
  private readonly fnsByLine = new Map<number, FnRef[]>();
  private readonly callIndexes = new Map<number, Map<number, number>>();

  constructor(
    readonly model: CrateModel,
    readonly path: string,
    readonly tree: Tree,
  ) {
    this.file = model.index.files.get(path)!;
    this.crate = model.index.crateOf(path);
    for (const ref of model.index.fnsOfFile(path)) (this.fnsByLine.get(ref.fn.line) ?? this.fnsByLine.set(ref.fn.line, []).get(ref.fn.line)!).push(ref);
  }

  get index(): CrateIndex {
    return this.model.index;
  }

  summary(ref: FnRef): FnSummary {
    return this.model.summaries.of(ref);
  }

  /**
   * The declared type of a field read (`user_info.username`, `self.cfg.name`) through the struct its
   * receiver's type names, in whichever crate of the workspace declares it (`user_info: UserInfo`
   * with `use gate_common::auth::UserInfo`). Undefined when the receiver's type or struct is unknown.
   */
  declaredFieldType(expr: Node): string | undefined {
    return this.declaredField(expr)?.type;
  }

  /** The same, with where the type is written: the crate and module of the struct that declares the field. */
  declaredField(expr: Node): { type: string; crate: string; module: string[] } | undefined {
    if (expr.type !== 'field_expression') return undefined;
    const object = expr.childForFieldName('value');
    const field = expr.childForFieldName('field')?.text;
    if (!object || !field || !/^[\w.]+$/.test(object.text)) return undefined;
    const { fn } = this.enclosingFn(expr, (a) => NESTED_ITEMS.has(a.type));
    const ref = fn ? this.fnOf(fn) : undefined;
    const typed = ref ? typedReceiver(this.index, ref, object.text, expr.startPosition.row + 1) : undefined;
    if (!typed) return undefined;
    const struct = typed.module ? this.index.structAt(typed.crate, typed.module, typed.type) : undefined;
    const candidates = struct ? [struct] : this.index.structsNamed(typed.crate, typed.type).map((s) => ({ crate: typed.crate, ...s }));
    if (candidates.length !== 1) return undefined;
    const home = candidates[0]!;
    const type = home.struct.fields.find((f) => f.name === field)?.type;
    return type === undefined ? undefined : { type, crate: home.crate, module: this.index.moduleAt(home.file, home.struct.module) };
  }

  /** The module a node of this file is in (its inline `mod`s inside the file's own module path). */
  moduleOf(node: Node): string[] {
    return this.index.moduleAt(this.file, inlineModules(node));
  }

  /**
   * The type of a value as the code writes it, without inference: a binding or a parameter, a field
   * chain of one (`self.cfg.port`), or a call (`user.age()`, `load(id)?`) by its callee's declared
   * return type (call-types.ts). Undefined when nothing written says it.
   */
  valueType(expr: Node): { type: string; crate: string; module?: string[] } | undefined {
    let e: Node | null = expr;
    while (e && (e.type === 'reference_expression' || e.type === 'parenthesized_expression')) e = e.namedChildren[e.namedChildren.length - 1] ?? null;
    if (!e) return undefined;
    const unwrapped = e.type === 'try_expression';
    const call = unwrapped ? e.namedChildren[0] : e;
    if (call?.type === 'call_expression') {
      const at = this.callOf(call);
      const returned = at ? callValueType(this.index, at.ref, at.index, unwrapped, 0) : undefined;
      return returned ? { type: returned.written.slice(returned.written.lastIndexOf(':') + 1), crate: returned.crate, module: returned.module } : undefined;
    }
    if (!/^[\w.]+$/.test(e.text)) return undefined;
    const { fn } = this.enclosingFn(e, (a) => NESTED_ITEMS.has(a.type));
    const ref = fn ? this.fnOf(fn) : undefined;
    return ref ? typedReceiver(this.index, ref, e.text, e.startPosition.row + 1) : undefined;
  }

  /**
   * Whether `receiver.to_string()` is std's `ToString` (a `Display` of the value), not a `to_string` the
   * crate writes: its type is std's and displays itself (catalogue `displaysAsStdText`) or the crate's
   * own with no `to_string` method of its own; or, its type unknown, the crate writes no `to_string`.
   */
  toStringIsDisplay(receiver: Node): boolean {
    const own = this.index.methodsNamed(this.crate, 'to_string');
    const typed = this.valueType(receiver);
    if (!typed) return own.length === 0;
    if (this.index.methodsOf(typed.crate, typed.type, 'to_string').length || this.index.traitDefaultMethods(typed.crate, typed.type, 'to_string').length) return false;
    // A blanket impl (`impl<T: Named> Label for T { fn to_string(..) }`) may give any type one.
    if (own.some((f) => f.fn.blanket !== undefined)) return false;
    return displaysAsStdText(typed.type) || this.index.declaresType(typed.crate, typed.type) || own.length === 0;
  }

  /** The types, as written, of every field named `field` in the structs of this file's crate. */
  fieldTypes(field: string): string[] {
    const out: string[] = [];
    for (const s of this.index.allStructs()) if (s.crate === this.crate) for (const f of s.struct.fields) if (f.name === field) out.push(f.type);
    return out;
  }

  /**
   * A parameter of the fn at `fnNode` that only the crate's own extractor fills, through an impl that
   * can turn the request away (CrateModel.rejectingExtractors): the fn's body runs only for requests it
   * admits. Its type name, or undefined. Not `Option<T>` / `Result<T, _>`: those admit every request.
   */
  guardingExtractor(fnNode: Node): string | undefined {
    const ref = this.fnOf(fnNode);
    for (const p of ref?.fn.params ?? []) {
      const written = p.type.replace(/\s+/g, '').replace(/^&(mut)?/, '');
      if (/^(Option|Result)</.test(written)) continue;
      const type = innerType(written);
      if (type && this.model.rejectingExtractors(type).length) return type;
    }
    return undefined;
  }

  /** The model's fn for a `function_item` node of this file. */
  /**
   * Whether a type written in this file (in the inline module `inline`) is an enum of the workspace
   * whose variants carry no data: resolved through the module's `use`s, into another member's
   * library too (`use shared_types::Compression;`). Never by the name alone.
   */
  isFieldlessEnum(written: string, inline: readonly string[]): boolean {
    const index = this.index;
    let r = index.resolve(this.crate, index.moduleAt(this.file, inline), written);
    if (!r) {
      const segs = written.split('::');
      const bound = this.file.uses.find((u) => !u.glob && u.local === segs[0] && u.module.join('::') === inline.join('::'));
      const full = bound ? [...bound.target.split('::'), ...segs.slice(1)] : segs;
      const lib = full.length >= 2 ? index.libraryCrate(this.crate, full[0]) : undefined;
      if (lib) r = index.resolve(lib, [], `crate::${full.slice(1).join('::')}`);
    }
    if (!r?.name || r.name.includes('::')) return false;
    // The enum of that name in the module the path resolved to (the crate may declare another elsewhere).
    const at = r.module.join('::');
    const enums = index.typesNamed(r.crate, r.name).filter((t) => t.type.kind === 'enum' && index.moduleAt(t.file, t.type.module).join('::') === at);
    return enums.length > 0 && enums.every((t) => t.type.fieldless === true);
  }

  fnOf(fnNode: Node): FnRef | undefined {
    const name = fnNode.childForFieldName('name')?.text;
    return this.fnsByLine.get(fnNode.startPosition.row + 1)?.find((r) => r.fn.name === name);
  }

  /** The fn and call index of a call node (calls are numbered in pre-order within their fn body, as facts.ts does). */
  callOf(call: Node): { ref: FnRef; index: number } | undefined {
    const { fn: fnNode, stopped } = this.enclosingFn(call, (a) => NESTED_ITEMS.has(a.type));
    if (stopped) return undefined;
    const ref = fnNode ? this.fnOf(fnNode) : undefined;
    if (!fnNode || !ref) return undefined;
    let indexes = this.callIndexes.get(fnNode.id);
    if (!indexes) {
      indexes = new Map();
      const body = fnNode.childForFieldName('body');
      if (body) {
        const nodes = body.tree.nodes;
        for (let i = body.preorder + 1; i < body.subtreeEnd; ) {
          const n = nodes[i]!;
          if (NESTED_ITEMS.has(n.type)) {
            i = n.subtreeEnd;
            continue;
          }
          if (n.type === 'call_expression') indexes.set(n.id, indexes.size);
          i++;
        }
      }
      this.callIndexes.set(fnNode.id, indexes);
    }
    const index = indexes.get(call.id);
    return index === undefined || !ref.fn.calls[index] ? undefined : { ref, index };
  }

  /** The crate fns a call node may call (empty for library calls and unknown names). */
  callees(call: Node): readonly FnRef[] {
    const at = this.callOf(call);
    return at ? this.model.summaries.callees(at.ref, at.index) : [];
  }

  /** Whether a call node hands its closure argument off the executor (catalogue API or a crate wrapper). */
  callOffloads(call: Node): boolean {
    const at = this.callOf(call);
    return !!at && this.model.summaries.callOffloads(at.ref, at.index);
  }

  /** Whether a macro invocation of this crate expands to an offloading call (`db_run! { .. }`). */
  macroOffloads(name: string): boolean {
    return this.model.summaries.macroOffloads(this.crate, name);
  }

  /** The crate fns a call calls, known by path or receiver type (not by a method's name alone). */
  knownCallees(call: Node): readonly FnRef[] {
    const at = this.callOf(call);
    return at ? this.model.summaries.knownCallees(at.ref, at.index) : [];
  }

  /**
   * Where the code at `node` runs (see context.ts): the fn around it (closures belong to their fn),
   * a task spawned at start-up or a service loop of start-up code being a background job. `unknown` outside any fn the model holds.
   */
  executionContext(node: Node): ExecutionContext {
    let fnNode: Node | null = node.type === 'function_item' ? node : null;
    let task = false;
    let loop = false;
    let child = node;
    for (let a: Node | null = fnNode ? null : node.parent; a; a = a.parent) {
      if (a.type === 'function_item') {
        fnNode = a;
        break;
      }
      if (this.startsTask(a)) task = true;
      if ((a.type === 'loop_expression' || a.type === 'while_expression') && a.childForFieldName('body')?.id === child.id) loop = true;
      child = a;
    }
    const ref = fnNode ? this.fnOf(fnNode) : undefined;
    if (!ref) {
      // Outside any fn (a `const`, a `static`): the module decides (`#[cfg(test)] mod test_keys;`).
      const inline = inlineModules(node);
      return this.model.contexts.inTestSupportPackage(this.path) || this.model.contexts.testOnlyModule(this.file, inline) ? 'test' : 'unknown';
    }
    const context = this.model.contexts.of(ref);
    // Code in a task runs as a background job whoever starts it (the fn around it may be unplaced: a
    // trait method, a library's API); a service loop is one only in start-up code.
    return (context === 'startup' && (task || loop)) || (context === 'unknown' && task) ? 'background' : context;
  }

  /**
   * `a` is code a spawned task runs: the arguments of a spawning call (`tokio::spawn(async move { .. })`),
   * or an async block / closure bound by a `let` whose name a spawning call later in the same block takes
   * (`let job = async move { .. }; tokio::spawn(job);`).
   */
  private startsTask(a: Node): boolean {
    if (a.type === 'arguments') return a.parent?.type === 'call_expression' && isSpawnCall(a.parent, this.file);
    if (a.type !== 'async_block' && a.type !== 'closure_expression') return false;
    const decl = a.parent;
    const name = decl?.type === 'let_declaration' && decl.childForFieldName('value')?.id === a.id ? decl.childForFieldName('pattern') : null;
    if (name?.type !== 'identifier' || !decl?.parent) return false;
    for (let next = decl.nextNamedSibling; next; next = next.nextNamedSibling) {
      for (const call of next.type === 'call_expression' ? [next, ...next.descendantsOfType('call_expression')] : next.descendantsOfType('call_expression')) {
        const args = call.childForFieldName('arguments')?.namedChildren ?? [];
        if (args.some((x) => x.type === 'identifier' && x.text === name.text) && isSpawnCall(call, this.file)) return true;
      }
    }
    return false;
  }

  private readonly origins = new Map<number, FunctionOrigins>();
  private builtImports?: ImportMap;

  /** Where the values of the fn at `fnNode` come from: request data, a database, I/O, parsing (origins.ts). Built once per fn. */
  originsIn(fnNode: Node): FunctionOrigins {
    let origins = this.origins.get(fnNode.id);
    if (!origins) {
      const ref = this.fnOf(fnNode);
      const filled = ref ? this.model.filterRequestParams(ref) : undefined;
      this.origins.set(fnNode.id, (origins = new FunctionOrigins(fnNode, (this.builtImports ??= ImportMap.fromRoot(this.tree.rootNode)), filled)));
    }
    return origins;
  }

  /** Where the code at `node` runs as a rule weighing a panic cares: test, start-up, static init, no backend, or serving traffic (code-context.ts). */
  codeContext(node: Node): CodeContext {
    return codeContext(this, node);
  }

  /**
   * The fn the code at `node` is reached from when it serves requests or runs as a background job
   * (see ExecutionContexts.reachedFrom): its name, for a message that says where. A task spawned by
   * start-up code is reached from the fn that spawns it.
   */
  reachedFrom(node: Node): string | undefined {
    const context = this.executionContext(node);
    if (context !== 'request' && context !== 'background') return undefined;
    const fnNode = node.type === 'function_item' ? node : this.enclosingFn(node).fn;
    const ref = fnNode ? this.fnOf(fnNode) : undefined;
    if (!ref) return undefined;
    return this.model.contexts.of(ref) === context ? this.model.contexts.reachedFrom(ref)?.fn.name : ref.fn.name;
  }

  /**
   * The code at `node` runs in a spawned task or thread: inside the arguments of a spawning call in its
   * fn, or in a fn some spawned task reaches (ExecutionContexts.inSpawnedTask). Background code that is
   * not (a service loop on `main`'s own task) ends the program when it panics, not one task.
   */
  inSpawnedTask(node: Node): boolean {
    const { fn: fnNode, stopped } = this.enclosingFn(node, (a) => this.startsTask(a));
    if (stopped) return true;
    const ref = fnNode ? this.fnOf(fnNode) : undefined;
    return !!ref && this.model.contexts.inSpawnedTask(ref);
  }

  /**
   * The code at `node` is in an async fn only ever driven off the executor (see
   * ExecutionContexts.drivenOffExecutor), and not in a task it spawns.
   */
  drivenOffExecutor(node: Node): boolean {
    const { fn: fnNode, stopped } = this.enclosingFn(node, (a) => a.type === 'arguments' && a.parent?.type === 'call_expression' && isSpawnCall(a.parent, this.file));
    if (stopped) return false;
    const ref = fnNode ? this.fnOf(fnNode) : undefined;
    return !!ref && this.model.contexts.drivenOffExecutor(ref);
  }

  /** The fn item around `node`, walking out; a node for which `stop` holds ends the walk first (`stopped`, no fn). */
  private enclosingFn(node: Node, stop: (a: Node) => boolean = () => false): { fn?: Node; stopped: boolean } {
    for (let a = node.parent; a; a = a.parent) {
      if (a.type === 'function_item') return { fn: a, stopped: false };
      if (stop(a)) return { stopped: true };
    }
    return { stopped: false };
  }

  /**
   * Code whose blocking stalls no one else: reached only from the program's entry (start-up before
   * serving, a command-line tool's commands) or only from tests, by the call graph, or any code of a
   * command-line tool (one user waits for one command). A task spawned in a service's start-up or a
   * service loop there runs beside the program's other work: not alone. An async fn that only
   * `block_on` drives today is not alone either: the next caller awaits it on the executor, and real
   * maintainers fixed exactly this shape (docs.rs 3f50d6b, eval:bugs), so drivenOffExecutor does not count.
   */
  runsAlone(node: Node): boolean {
    const where = this.executionContext(node);
    return where === 'startup' || where === 'test' || this.inCommandLineTool;
  }

  /** Code that only tests run: a fn reached only from tests, or a package only other members' tests depend on. */
  onlyInTests(node: Node): boolean {
    return this.executionContext(node) === 'test';
  }

  /** Whether a `function_item` of this file is the body of a test a project macro declares (`make_db_test!(check_refill);`). */
  registeredAsTest(fnNode: Node): boolean {
    const ref = this.fnOf(fnNode);
    return !!ref && this.model.contexts.registeredAsTest(ref);
  }

  /** Whether a `function_item` of this file is where requests enter (a registered route, an extractor-taking fn, ..). */
  isRequestEntry(fnNode: Node): boolean {
    const ref = this.fnOf(fnNode);
    return !!ref && this.model.contexts.isRequestEntry(ref);
  }

  /** The file belongs to a command-line tool (see ExecutionContexts.isCommandLineTool). */
  get inCommandLineTool(): boolean {
    return this.model.contexts.isCommandLineTool(this.path);
  }

  /** The file belongs to code a deployed backend runs: not tests' support, a command-line tool, a frontend or a side tool the workspace leaves out. */
  get inBackend(): boolean {
    return this.model.contexts.inBackend(this.path);
  }

  /**
   * What a call node runs against a database when its `Result` carries the database's error: an
   * embedded store's read or write (`self.tree.get(k)`, the handle declared `sled::Tree`), or a crate
   * fn (any file) whose summary says it propagates one (`db.users.exists(..)` over sled, a repository
   * fn over sqlx). A label for the message; undefined otherwise.
   */
  databaseCall(call: Node): string | undefined {
    const at = this.callOf(call);
    if (!at) return undefined;
    const fact = at.ref.fn.calls[at.index]!;
    if (fact.method !== undefined && fact.receiver !== undefined) {
      const type = receiverLibraryType(this.index, at.ref, fact.receiver, fact.line);
      if (type && isEmbeddedStoreCall(type, fact.method)) return `${fact.receiver}.${fact.method}(..)`;
    }
    const helper = this.calleesAll(call, 'dbFallible');
    if (!helper) return undefined;
    const name = fact.method !== undefined ? `${fact.receiver && fact.receiver.length <= 30 ? `${fact.receiver}.` : ''}${fact.method}` : (fact.written ?? helper.ref.fn.name);
    return `${name}(..)`;
  }

  /**
   * The library path of a method call's receiver type (`dashmap::DashMap` for `offsets.get_mut(&id)`
   * where `offsets` is a field, a parameter or a local bound from a crate fn declared so, under `use
   * dashmap::DashMap`); undefined for the crate's own types and receivers whose type is not written.
   */
  receiverTypePath(call: Node): string | undefined {
    const at = this.callOf(call);
    const fact = at?.ref.fn.calls[at.index];
    if (!at || fact?.method === undefined || fact.receiver === undefined) return undefined;
    return receiverTypePath(this.index, at.ref, fact.receiver, fact.line);
  }

  /**
   * The blocking library method a call node itself is, known through the receiver's declared type
   * (`self.env.write_txn()` with `env: heed::Env`); undefined otherwise.
   */
  blockingMethodCall(call: Node): Evidence | undefined {
    const at = this.callOf(call);
    return at ? typedBlockingEvidence(this.index, at.ref, at.ref.fn.calls[at.index]!) : undefined;
  }

  /**
   * The HTTP request to another service whose error a call node's `Result` carries: a crate fn (any file) whose
   * summary says it propagates a client's send (`user.fetch_outbox()` over `client.get(url).send()?`). A label for
   * the message; undefined otherwise (a direct `.send()` is plain syntax, for the rules to see).
   */
  outboundCall(call: Node): string | undefined {
    const at = this.callOf(call);
    if (!at) return undefined;
    const helper = this.calleesAll(call, 'outboundFallible');
    if (!helper) return undefined;
    const fact = at.ref.fn.calls[at.index]!;
    const name = fact.method !== undefined ? `${fact.receiver && fact.receiver.length <= 30 ? `${fact.receiver}.` : ''}${fact.method}` : (fact.written ?? helper.ref.fn.name);
    return `${name}(..)`;
  }

  /**
   * The CPU-heavy library work a call node itself is, known through the receiver's declared type
   * (`templates.render(..)` with `templates: &Tera`, or a field declared `Tera`); undefined otherwise.
   */
  cpuHeavyCall(call: Node): Evidence | undefined {
    const at = this.callOf(call);
    return at ? heavyEvidence(this.index, at.ref.file, at.ref.fn.calls[at.index]!, at.ref) : undefined;
  }

  /**
   * The task or thread a call node starts that runs on after it returns: the call is a spawn of the
   * catalogue (`tokio::spawn(..)`, `thread::spawn(..)`), or a crate fn (any file) whose summary says it
   * starts one (`Worker::start(rx)` over `tokio::spawn`). A label for the message; undefined otherwise.
   */
  startedTask(call: Node): string | undefined {
    if (isSpawnCall(call, this.file)) return `${calleeText(call).replace(/\s+/g, '')}(..)`;
    return this.calleesAll(call, 'startsTask') ? `${calleeText(call).replace(/\s+/g, '')}(..)` : undefined;
  }

  /**
   * The crate fn a call reaches that sleeps a fixed time on its own path (a test helper waiting for
   * writes to show), with where it sleeps: a callee known by path or type, or one impl of a trait
   * method called through a parameter typed by the trait (sleeps.ts).
   */
  sleepingCallee(call: Node): { ref: FnRef; evidence: Evidence } | undefined {
    const at = this.callOf(call);
    return at ? this.model.sleeps.viaCall(at.ref, at.index) : undefined;
  }

  /**
   * The arguments of a call that a crate fn runs as SQL text, by position, with where it runs them:
   * `db.run_raw(format!(..))` where `run_raw(&self, sql: String)` hands `sql` to a query (sql-text.ts).
   */
  sqlTextArgs(call: Node): ReadonlyMap<number, SqlSink & { via: FnRef }> {
    if (!this.model.sqlText.any) return NO_SQL_ARGS;
    const at = this.callOf(call);
    return at ? this.model.sqlText.callArgs(at.ref, at.index) : NO_SQL_ARGS;
  }

  /**
   * What the model knows of the value a `let` binds from a call, across files: the callee's declared
   * return type (`let details = spawn_blocking(move || Details::load(..)).await?.ok_or(E)?;` is a
   * `Details`, the `R` its closure fills), whether it is a borrow, and what a clone of it costs.
   * Undefined when the `let` is not bound from a call the model resolves.
   */
  letValue(letNode: Node): { type: string; borrowed: boolean; cost: Cost } | undefined {
    const { fn: fnNode } = this.enclosingFn(letNode, (a) => NESTED_ITEMS.has(a.type));
    const ref = fnNode ? this.fnOf(fnNode) : undefined;
    const name = letNode.childForFieldName('pattern')?.text.replace(/^mut\s+/, '');
    const line = letNode.startPosition.row + 1;
    const local = ref?.fn.lets.find((l) => l.name === name && l.line === line);
    if (!ref || local?.call === undefined) return undefined;
    const value = callValueType(this.index, ref, local.call, !!local.unwrapped, 0);
    if (!value?.full) return undefined;
    return { type: value.full, borrowed: value.full.startsWith('&'), cost: cloneCostOfType(this.index, value.full, value.crate, value.module) };
  }

  /** What every crate fn a call is known to call shares for `what` (blocks, CPU-heavy, re-enters the runtime), when they all have it. */
  calleesAll<K extends 'blocks' | 'cpuHeavy' | 'reentersRuntime' | 'dbFallible' | 'outboundFallible' | 'startsTask'>(call: Node, what: K): { ref: FnRef; evidence: NonNullable<FnSummary[K]> } | undefined {
    const targets = this.knownCallees(call);
    if (!targets.length) return undefined;
    const found = targets.map((t) => this.summary(t)[what]);
    if (!found.every((e) => e)) return undefined;
    return { ref: targets[0]!, evidence: found[0]! as NonNullable<FnSummary[K]> };
  }
}

const NO_SQL_ARGS: ReadonlyMap<number, SqlSink & { via: FnRef }> = new Map();

/** A spawn call, by its callee as resolved through the file's `use` items. */
function isSpawnCall(call: Node, file: FileFacts): boolean {
  const method = methodName(call);
  if (method !== null) return isSpawningMethod(method);
  const written = calleeText(call).replace(/\s+/g, '');
  const first = written.split('::')[0]!;
  const bound = file.uses.find((u) => !u.glob && u.local === first);
  return isSpawningFunction(bound ? `${bound.target}${written.slice(first.length)}` : written);
}

/**
 * The model a tree's rules see, registered by the engine so that shared helpers reach it from a
 * node. Built on first use: a file whose rules never ask does not pay for it.
 */
const models = new NodeMemo<FileModel | (() => FileModel)>();

export function attachModel(tree: Tree, model: FileModel | (() => FileModel)): void {
  models.set(tree.rootNode, model);
}

export function modelOfTree(tree: Tree): FileModel | undefined {
  const m = models.get(tree.rootNode);
  if (typeof m !== 'function') return m;
  const built = m();
  models.set(tree.rootNode, built);
  return built;
}

/** The model of a tree the engine analyses, from the review's crate model when it holds the file. */
export function fileModelFor(tree: Tree, path: string, crate: CrateModel | undefined): FileModel {
  if (crate?.has(path)) return crate.forFile(path, tree);
  return modelOfFile(tree, path, crate?.facts ?? []);
}
