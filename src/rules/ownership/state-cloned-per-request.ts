import { looksThroughPointer } from '../../catalogue/values.js';
import type { Node } from '../../rust/parser.js';
import { isStartupFn, runsOncePerProcess } from '../../model/once.js';
import { ancestors, descendants, enclosingFunction, isAsyncFn, methodName, methodReceiver } from '../../rust/syntax.js';
import { isTestContext } from '../../model/test-attributes.js';
import { isOffloadingFunction, isSpawningFunction } from '../../catalogue/executor.js';
import { namesStateOrConfig } from '../../catalogue/naming.js';
import { isSharedPointerType } from '../../catalogue/types.js';
import { isSharedStateExtractor } from '../../catalogue/web.js';
import { defineRule } from '../define-rule.js';
import { resolveBinding } from '../../model/bindings.js';
import { cloneSource } from '../../model/clones.js';
import { repeatingContext } from '../../model/iteration.js';
import { spawnedBody } from '../../model/thread-safety.js';
import { heavyField, StructIndex, structCost, typeArgs, typeHead, type StructInfo } from '../../model/clone-cost.js';
import { implTypeName } from '../../model/value-shapes.js';
import { STATE_FILES } from '../../catalogue/layout.js';
import type { ChangeContext } from '../define-rule.js';
import { ImportMap } from '../../rust/imports.js';
import { fileModelFor, type ExecutionContext } from '../../model/index.js';
import type { ParsedFile as RustFile } from '../../rust/parsed-file.js';

/** Calls whose closure (or async block) runs once per request or task: an offload to a blocking pool or a thread, a spawned task. */
const perTaskClosure = (callee: string): boolean => isOffloadingFunction(callee) || isSpawningFunction(callee);

interface Candidate {
  file: ParsedFile;
  node: Node;
  typeName: string;
  kind: 'inner' | 'whole';
  pointer?: string;
  per: string;
  /** Only when the type inside is a struct the crate declares (a field's pointer: the state's parts, not any collection behind an `Arc`). */
  ownStruct?: boolean;
}

/** The declared type behind a binding, seen through `State(x): State<T>` destructuring. */
function declaredType(ident: Node): Node | null {
  const decl = resolveBinding(ident);
  if (!decl?.type) return null;
  let t: Node | null = decl.type;
  if (!decl.simple && isSharedStateExtractor(typeHead(t))) t = typeArgs(t)[0] ?? null;
  else if (!decl.simple) return null;
  while (t?.type === 'reference_type') t = t.childForFieldName('type');
  return t;
}

/** `data.get_ref()`, `(*state)`, `state.as_ref()`: the pointer expression being looked through, or null. */
function lookedThrough(expr: Node): Node | null {
  if (expr.type === 'call_expression' && looksThroughPointer(methodName(expr) ?? '') && expr.childForFieldName('arguments')?.namedChildCount === 0) return methodReceiver(expr);
  let e = expr;
  while (e.type === 'parenthesized_expression') e = e.namedChildren[0]!;
  if (e.type === 'unary_expression' && e.text.startsWith('*')) {
    let inner = e.namedChildren[0]!;
    while (inner.type === 'unary_expression' && inner.text.startsWith('*')) inner = inner.namedChildren[0]!;
    return inner;
  }
  return null;
}

/**
 * Why this code runs per request or per task ('request', 'iteration', 'task'), or null for one-off code.
 * An async fn the model places (`placed`: where the model of the crate says it runs) is per request only
 * when requests reach it, per task when a background job does; one it cannot place (a fn of a library
 * whose callers the review did not read) is not assumed to serve requests.
 */
function perWhat(node: Node, path: string, imports: ParsedFile['imports'], placed?: ExecutionContext): string | null {
  if (isTestContext(node, path)) return null;
  const fn = enclosingFunction(node);
  if (!fn) return null;
  if (repeatingContext(node, null)) return 'iteration';
  if (isStartupFn(fn)) return null;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item') break;
    if (a.type === 'closure_expression' || a.type === 'async_block') {
      const call = a.parent?.type === 'arguments' ? a.parent.parent : null;
      if (call && (spawnedBody(call, imports) || perTaskClosure(call.childForFieldName('function')?.text ?? ''))) return isAsyncFn(fn) ? 'request' : 'task';
    }
  }
  if (!isAsyncFn(fn)) return null;
  if (placed === undefined || placed === 'request') return 'request';
  return placed === 'background' ? 'task' : null;
}

export default defineRule({
  id: 'ownership/state-cloned-per-request',
  role: 'ownership',
  category: 'perf',
  docs: {
    summary: 'A whole app-state or config struct (not an `Arc` or a handle) deep-cloned on every request or task, e.g. `data.get_ref().clone()` on a `web::Data<AppState>`.',
    why: 'App state often holds caches, indexes or config maps: a deep clone copies all of it on every request, which costs latency and spikes memory under load. `web::Data` and `Arc` exist so that sharing is a refcount bump.',
    path: 'src/handlers/search.rs',
    bad: `use actix_web::{web, HttpResponse};

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub index: HashMap<String, Vec<u32>>,
}

pub async fn search(data: web::Data<AppState>, q: web::Query<Params>) -> HttpResponse {
    let state: AppState = data.get_ref().clone();
    let hits = web::block(move || state.search(&q.q)).await;
    HttpResponse::Ok().json(hits)
}
`,
    good: `use actix_web::{web, HttpResponse};

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub index: HashMap<String, Vec<u32>>,
}

pub async fn search(data: web::Data<AppState>, q: web::Query<Params>) -> HttpResponse {
    let state = data.clone();
    let hits = web::block(move || state.search(&q.q)).await;
    HttpResponse::Ok().json(hits)
}
`,
    anchor: 'actix_web::web::Data docs (Data<T> wraps Arc<T>); axum docs, "Sharing state with handlers"',
  },
  messages: {
    inner: '`{{expr}}` deep-copies the whole `{{type}}`{{including}} on every {{per}}; `{{pointer}}` is already an `Arc`, so clone `{{pointer}}` (a refcount bump) instead',
    whole: '`{{expr}}` deep-copies `{{type}}`{{including}} on every {{per}}; keep it behind an `Arc` (or borrow it) and clone the `Arc`',
  },
  help: 'Share state through `Arc` (`web::Data`, `State<Arc<T>>`) and clone the pointer; move bulky fields behind their own `Arc` if the struct must stay `Clone`.',
  async check(ctx) {
    const project = new ProjectFiles(ctx);
    const candidates: Candidate[] = [];
    for (const changed of ctx.files) {
      if (changed.status === 'removed' || !changed.path.endsWith('.rs')) continue;
      const file = await project.read(changed.path);
      if (!file) continue;
      const placedBy = ctx.project.model?.has(file.path) ? fileModelFor(file.root.tree, file.path, ctx.project.model) : undefined;
      for (const call of descendants(file.root)) {
        if (call.type !== 'call_expression') continue;
        const source = cloneSource(call);
        // A clone in a lazy initialiser (`DOC.get_or_init(|| (*doc).clone())`) is made once per process.
        if (!source || runsOncePerProcess(call)) continue;
        const per = () => perWhat(call, file.path, file.imports, placedBy?.executionContext(call));
        // `data.get_ref().clone()`, `(*state).clone()`, `AppState::clone(&state)` on an Arc/Data.
        // (`Clone::clone(&arc)` clones what it is given, the `Arc`: a count bump.)
        const scoped = call.childForFieldName('function');
        const pointerExpr = lookedThrough(source) ?? (scoped?.type === 'scoped_identifier' && !/(^|::)Clone$/.test(scoped.childForFieldName('path')?.text ?? '') ? source : null);
        if (pointerExpr?.type === 'identifier' || pointerExpr?.type === 'field_expression') {
          // `state.site.as_ref().clone()`: a field declared `Arc<SiteConfig>` looked through, as a binding is.
          const t = pointerExpr.type === 'identifier' ? declaredType(pointerExpr) : await fieldType(project, file, pointerExpr);
          if (t && isSharedPointerType(typeHead(t)) && typeArgs(t)[0]) {
            // `let mut core = self.core.as_ref().clone();` then changed and swapped in: a copy made to be
            // modified (copy-on-write of a shared part), not a copy made only to read.
            if (pointerExpr.type === 'field_expression' && boundMutably(call)) continue;
            const p = per();
            if (p) candidates.push({ file, node: call, typeName: typeHead(typeArgs(t)[0]), kind: 'inner', pointer: pointerExpr.text, per: p, ownStruct: pointerExpr.type === 'field_expression' });
            continue;
          }
          // Rocket's `&State<T>` (and a `State<T>` seen through `*`): `config.inner().clone()` copies the managed `T`.
          const managed = t && isSharedStateExtractor(typeHead(t)) ? typeArgs(t)[0] : undefined;
          if (managed && namesStateOrConfig(typeHead(managed))) {
            const p = per();
            if (p) candidates.push({ file, node: call, typeName: typeHead(managed), kind: 'whole', per: p });
            continue;
          }
        }
        // `state.clone()` / `self.config.clone()` of a non-Arc state or config struct.
        let t: Node | null = null;
        if (source.type === 'identifier') t = declaredType(source);
        else if (source.type === 'field_expression') t = await fieldType(project, file, source);
        if (!t || isSharedPointerType(typeHead(t)) || !namesStateOrConfig(typeHead(t))) continue;
        const p = per();
        if (p) candidates.push({ file, node: call, typeName: typeHead(t), kind: 'whole', per: p });
      }
    }
    for (const c of candidates) {
      const found = await project.findStruct(c.file, c.typeName);
      if ((found && structCost(found.info, found.index, 0, true) === 'cheap') || (c.ownStruct && !found)) continue;
      const bulky = found ? heavyField(found.info, found.index, true) : undefined;
      // A plain clone is only a finding when we can see the bulk; an explicit deep copy through an Arc always is.
      if (c.kind === 'whole' && !bulky) continue;
      const including = bulky ? ` (including \`${bulky.name}: ${bulky.type.text}\`)` : '';
      ctx.report({
        path: c.file.path,
        node: c.node,
        messageId: c.kind,
        data: { expr: c.node.text, type: c.typeName, including, per: c.per, pointer: c.pointer ?? '' },
      });
    }
  },
});

/** `let mut x = <call>;`: the value is bound to be changed. */
function boundMutably(call: Node): boolean {
  const decl = call.parent;
  if (decl?.type !== 'let_declaration' || decl.childForFieldName('value')?.id !== call.id) return false;
  return decl.children.some((c) => c.type === 'mutable_specifier') || decl.childForFieldName('pattern')?.type === 'mut_pattern';
}

/** Type of `x.field` / `self.field`, from the struct that `x` (or the impl) is, wherever it is declared. */
async function fieldType(project: ProjectFiles, file: ParsedFile, expr: Node): Promise<Node | null> {
  const base = expr.childForFieldName('value');
  const field = expr.childForFieldName('field')?.text;
  if (!base || !field) return null;
  let structName: string | null = null;
  if (base.type === 'self') structName = implTypeName(expr);
  else if (base.type === 'identifier') {
    // Through references and pointers, however nested (poem's `Data<&Arc<AppState>>`).
    let t = declaredType(base);
    for (let depth = 0; t && depth < 4; depth++) {
      if (t.type === 'reference_type') t = t.childForFieldName('type');
      else if (isSharedPointerType(typeHead(t)) || isSharedStateExtractor(typeHead(t))) t = typeArgs(t)[0] ?? null;
      else break;
    }
    structName = t ? typeHead(t) : null;
  }
  if (!structName) return null;
  const found = await project.findStruct(file, structName);
  const type = found?.info.fields.find((f) => f.name === field)?.type ?? null;
  return type && type.type === 'reference_type' ? null : type;
}

/** A head file with an index of its structs (where a field's type is looked up). */
interface ParsedFile extends RustFile {
  readonly structs: StructIndex;
}

/**
 * Head files parsed once for one rule run, and the struct a file names wherever the crate declares it
 * (the model says which file: its `use`s and module paths), else in the usual homes of shared state.
 */
class ProjectFiles {
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

  /** The declaration of struct `name` as seen from `from`, with an index of both files' structs (for the costs of nested field types). */
  async findStruct(from: ParsedFile, name: string): Promise<{ info: StructInfo; index: StructIndex; file: ParsedFile } | null> {
    const local = from.structs.get(name);
    if (local) return { info: local, index: from.structs, file: from };
    const index = this.ctx.project.model?.index;
    if (!index) return null;
    // The crate's source folder (a binary's modules: its package's `src/`), where shared state usually lives.
    const crate = index.crateOf(from.path);
    const src = crate === from.path ? '' : crate.endsWith('/') ? crate : crate.replace(/bin\/[^/]+$/, '');
    const candidates = [...index.structFilesSeenFrom(from.path, name), ...STATE_FILES.map((f) => src + f)];
    for (const path of candidates) {
      if (path === from.path || (this.ctx.project.paths.length && !this.ctx.project.hasPath(path))) continue;
      const file = await this.get(path);
      const info = file?.structs.get(name);
      if (file && info) {
        const merged = new StructIndex();
        merged.merge(file.structs);
        merged.merge(from.structs);
        return { info, index: merged, file };
      }
    }
    return null;
  }
}
