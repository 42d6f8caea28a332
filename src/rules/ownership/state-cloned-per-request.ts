import { looksThroughPointer } from '../../catalogue/values.js';
import type { Node } from '../../rust/parser.js';
import { isStartupFn, runsOncePerProcess } from '../../model/once.js';
import { ancestors, enclosingFunction, isAsyncFn, methodName, methodReceiver } from '../../rust/syntax.js';
import { isTestContext } from '../../model/test-attributes.js';
import { isOffloadingFunction, isSpawningFunction } from '../../catalogue/executor.js';
import { namesStateOrConfig } from '../../catalogue/naming.js';
import { isSharedPointerType } from '../../catalogue/types.js';
import { isSharedStateExtractor } from '../../catalogue/web.js';
import { defineRule, type FileContext } from '../define-rule.js';
import { resolveBinding } from '../../model/bindings.js';
import { cloneSource } from '../../model/clones.js';
import { repeatingContext } from '../../model/iteration.js';
import { spawnedBody } from '../../model/thread-safety.js';
import { typeArgs, typeHead } from '../../model/clone-cost.js';
import { typeArguments } from '../../model/call-types.js';
import { heavyFieldOf, structCloneCost } from '../../model/type-costs.js';
import type { ImportMap } from '../../rust/imports.js';
import type { ExecutionContext } from '../../model/index.js';

/** Calls whose closure (or async block) runs once per request or task: an offload to a blocking pool or a thread, a spawned task. */
const perTaskClosure = (callee: string): boolean => isOffloadingFunction(callee) || isSpawningFunction(callee);

/** A type as written, with where it is written (the crate and module its names resolve in). */
interface TypeAt {
  type: string;
  crate: string;
  module: readonly string[];
}

interface Candidate {
  node: Node;
  /** The copied type: the one inside the pointer (`inner`) or the value itself (`whole`). */
  type: TypeAt;
  kind: 'inner' | 'whole';
  pointer?: string;
  per: string;
  /** Only when the type inside is a struct the crate declares (a field's pointer: the state's parts, not any collection behind an `Arc`). */
  ownStruct?: boolean;
}

/** `&'a mut T` -> `T`: a borrow of the value is the value's type for what a clone of it copies. */
const withoutBorrows = (type: string): string => type.replace(/^\s*(&\s*('\w+\s*)?(mut\s+)?)+/, '').trim();
/** `web::Data<AppState>` -> `Data`. */
const headOf = (type: string): string => withoutBorrows(type).split('<')[0]!.split('::').pop()!.trim();
/** The first type argument (`Arc<AppState>` -> `AppState`), lifetimes skipped. */
const firstArg = (type: string): string | undefined => typeArguments(withoutBorrows(type).replace(/\s+/g, '')).find((a) => !a.startsWith("'"));

/** The declared type behind a binding, seen through `State(x): State<T>` destructuring. */
function declaredType(ctx: FileContext, ident: Node): TypeAt | null {
  const decl = resolveBinding(ident);
  if (!decl?.type) return null;
  let t: Node | null = decl.type;
  if (!decl.simple && isSharedStateExtractor(typeHead(t))) t = typeArgs(t)[0] ?? null;
  else if (!decl.simple) return null;
  while (t?.type === 'reference_type') t = t.childForFieldName('type');
  return t ? { type: t.text, crate: ctx.model.crate, module: ctx.model.moduleOf(ident) } : null;
}

/** The declared type of `x.field` / `self.field`, wherever the model finds its struct; not a borrowed field. */
function fieldType(ctx: FileContext, expr: Node): TypeAt | null {
  const field = ctx.model.declaredField(expr);
  return field && !field.type.trim().startsWith('&') ? field : null;
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
function perWhat(node: Node, path: string, imports: ImportMap, placed?: ExecutionContext): string | null {
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
  requires: /clone/,
  create(ctx) {
    // An async fn's executor context, when the review's model of the crate holds the file (else unplaced).
    const placed = ctx.project.model?.has(ctx.path);
    const index = ctx.model.index;

    function consider(c: Candidate): void {
      const found = index.structAt(c.type.crate, c.type.module, withoutBorrows(c.type.type).replace(/\s+/g, '').split('<')[0]!);
      if ((found && structCloneCost(index, found, 0, true) === 'cheap') || (c.ownStruct && !found)) return;
      const bulky = found ? heavyFieldOf(index, found, true) : undefined;
      // A plain clone is only a finding when we can see the bulk; an explicit deep copy through an Arc always is.
      if (c.kind === 'whole' && !bulky) return;
      const including = bulky ? ` (including \`${bulky.name}: ${bulky.type}\`)` : '';
      ctx.report({
        node: c.node,
        messageId: c.kind,
        data: { expr: c.node.text, type: headOf(c.type.type), including, per: c.per, pointer: c.pointer ?? '' },
      });
    }

    return {
      call_expression(call) {
        const source = cloneSource(call);
        // A clone in a lazy initialiser (`DOC.get_or_init(|| (*doc).clone())`) is made once per process.
        if (!source || runsOncePerProcess(call)) return;
        const per = () => perWhat(call, ctx.path, ctx.imports, placed ? ctx.model.executionContext(call) : undefined);
        // `data.get_ref().clone()`, `(*state).clone()`, `AppState::clone(&state)` on an Arc/Data.
        // (`Clone::clone(&arc)` clones what it is given, the `Arc`: a count bump.)
        const scoped = call.childForFieldName('function');
        const pointerExpr = lookedThrough(source) ?? (scoped?.type === 'scoped_identifier' && !/(^|::)Clone$/.test(scoped.childForFieldName('path')?.text ?? '') ? source : null);
        if (pointerExpr?.type === 'identifier' || pointerExpr?.type === 'field_expression') {
          // `state.site.as_ref().clone()`: a field declared `Arc<SiteConfig>` looked through, as a binding is.
          const t = pointerExpr.type === 'identifier' ? declaredType(ctx, pointerExpr) : fieldType(ctx, pointerExpr);
          const inner = t && isSharedPointerType(headOf(t.type)) ? firstArg(t.type) : undefined;
          if (t && inner) {
            // `let mut core = self.core.as_ref().clone();` then changed and swapped in: a copy made to be
            // modified (copy-on-write of a shared part), not a copy made only to read.
            if (pointerExpr.type === 'field_expression' && boundMutably(call)) return;
            const p = per();
            if (p) consider({ node: call, type: { ...t, type: inner }, kind: 'inner', pointer: pointerExpr.text, per: p, ownStruct: pointerExpr.type === 'field_expression' });
            return;
          }
          // Rocket's `&State<T>` (and a `State<T>` seen through `*`): `config.inner().clone()` copies the managed `T`.
          const managed = t && isSharedStateExtractor(headOf(t.type)) ? firstArg(t.type) : undefined;
          if (t && managed && namesStateOrConfig(headOf(managed))) {
            const p = per();
            if (p) consider({ node: call, type: { ...t, type: managed }, kind: 'whole', per: p });
            return;
          }
        }
        // `state.clone()` / `self.config.clone()` of a non-Arc state or config struct.
        const t = source.type === 'identifier' ? declaredType(ctx, source) : source.type === 'field_expression' ? fieldType(ctx, source) : null;
        if (!t || isSharedPointerType(headOf(t.type)) || !namesStateOrConfig(headOf(t.type))) return;
        const p = per();
        if (p) consider({ node: call, type: t, kind: 'whole', per: p });
      },
    };
  },
});

/** `let mut x = <call>;`: the value is bound to be changed. */
function boundMutably(call: Node): boolean {
  const decl = call.parent;
  if (decl?.type !== 'let_declaration' || decl.childForFieldName('value')?.id !== call.id) return false;
  return decl.children.some((c) => c.type === 'mutable_specifier') || decl.childForFieldName('pattern')?.type === 'mut_pattern';
}
