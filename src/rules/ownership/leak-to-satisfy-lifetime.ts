import type { Node } from '../../rust/parser.js';
import { ancestors, attributePath, attributesOf, calleeText, enclosingFunction, fnName, isAsyncFn, methodName } from '../../rust/syntax.js';
import { isStartupFn, runsOncePerProcess } from '../../model/once.js';
import { EXTRACTOR_TYPES, REQUEST_HEAD_TYPES, REQUEST_TYPES, isPerRequestTrait, isRouteAttribute } from '../../catalogue/web.js';
import { defineRule } from '../define-rule.js';
import { repeatingContext } from '../../model/iteration.js';
import { implTraitName } from '../../model/impl-owner.js';

/** What kind of leak the call is, or null. */
function leakKind(call: Node, resolve: (p: string) => string): 'leak' | 'forget' | 'transmute' | null {
  const method = methodName(call);
  const callee = call.childForFieldName('function');
  const path = callee?.type === 'generic_function' ? callee.childForFieldName('function')?.text ?? '' : callee?.text ?? '';
  const full = resolve(path);
  if (/^(std::|alloc::)?(boxed::)?Box::leak$|^(std::|alloc::)?(string::)?String::leak$|^(std::|alloc::)?(vec::)?Vec::leak$/.test(full)) return 'leak';
  if (method === 'leak' && call.childForFieldName('arguments')?.namedChildCount === 0) return 'leak';
  if (/^(std::|core::)?mem::forget$/.test(full)) return 'forget';
  if (/^(std::|core::)?mem::transmute$/.test(full) && /'static/.test(callee?.text ?? '') ) return 'transmute';
  return null;
}

/** Calls that hand ownership to foreign code: `mem::forget` next to them is an FFI transfer. */
const FFI_TRANSFER = /\b(into_raw|as_raw_fd|into_raw_fd|as_ptr|as_mut_ptr|from_raw|extern\b)/;

export default defineRule({
  id: 'ownership/leak-to-satisfy-lifetime',
  role: 'ownership',
  category: 'perf',
  // The last segment of the callee (or of the `use` path an alias resolves through) is one of these.
  requires: /leak|forget|transmute/,
  clippyLint: 'mem_forget',
  docs: {
    summary: '`Box::leak`, `String::leak`, `Vec::leak`, `mem::forget` or a `\'static` transmute used on a request path to get a `\'static` value.',
    why: 'It silences "borrowed value does not live long enough" (often for `tokio::spawn`) by never freeing the memory: every request leaks a little more until the process is OOM-killed. `mem::forget` also skips destructors (locks, files, connections).',
    bad: `pub async fn track(Json(ev): Json<Event>) {
    let name: &'static str = Box::leak(ev.name.into_boxed_str());
    tokio::spawn(async move { record(name).await });
}
`,
    good: `pub async fn track(Json(ev): Json<Event>) {
    let name = ev.name;
    tokio::spawn(async move { record(&name).await });
}
`,
    anchor: 'clippy::mem_forget; std::boxed::Box::leak docs; tokio::spawn docs (move owned data into the task)',
  },
  messages: {
    leak: '`{{call}}` in `{{fn}}` leaks memory on every {{per}} to obtain a `\'static`; move an owned value (or an `Arc`) into the task instead',
    forget: {
      text: '`{{call}}` in `{{fn}}` skips the destructor and leaks on every {{per}}; drop the value, or move it where it has to live',
      category: 'suspicious',
    },
    transmute: {
      text: '`{{call}}` in `{{fn}}` fakes a `\'static` lifetime: the reference dangles once the owner is dropped',
      category: 'correctness',
    },
  },
  help: 'Give the spawned task owned data (`String`, `Arc<T>`) with `move`, or restructure so the borrow outlives its use; leak only once at start-up, deliberately.',
  create(ctx) {
    return {
      call_expression(call) {
        const kind = leakKind(call, (p) => ctx.imports.resolve(p));
        if (!kind || ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
        const fn = enclosingFunction(call);
        if (!fn) return;
        // Once-only initialisers (statics, `OnceLock::get_or_init(|| ..)`, `lazy_static!`): a leak there is a deliberate `'static` for the process lifetime.
        if (runsOncePerProcess(call)) return;
        const inLoop = !!repeatingContext(call, null);
        if (!inLoop && isStartupFn(fn)) return;
        if (kind === 'forget' && (FFI_TRANSFER.test(fn.text) || /\bunsafe\b/.test(fn.text))) return;
        // A plain sync helper that is not in a loop may be start-up code we cannot see; stay quiet.
        if (kind !== 'transmute' && !inLoop && !isAsyncFn(fn) && !isRequestish(fn)) return;
        const per = inLoop ? 'iteration' : 'call';
        ctx.report({ node: call, messageId: kind, data: { call: call.text.length > 60 ? `${call.text.slice(0, 57)}...` : call.text, fn: fnName(fn), per } });
      },
    };
  },
});

/** A parameter list with an extractor-typed parameter (`Json<T>`, `State<S>`, `web::Data<D>`) or the request itself (`&HttpRequest`, `req: Request`, `parts: &mut Parts`). */
const requestParameter = new RegExp(`\\b(${EXTRACTOR_TYPES.join('|')})\\s*<|:\\s*&?\\s*(mut\\s+)?([\\w:]*::)?(${[...REQUEST_TYPES, ...REQUEST_HEAD_TYPES].join('|')})\\b`);

/**
 * Handler-ish sync fns: actix route attributes, extractor- or request-typed parameters, and methods
 * of per-request traits (`impl Service<ServiceRequest> for Mw`'s `call`, tower `Service::call`,
 * `FromRequest::from_request`). Not `Transform::new_transform` / `Layer::layer`: those build the
 * service once.
 */
function isRequestish(fn: Node): boolean {
  if (attributesOf(fn).some((a) => isRouteAttribute(attributePath(a)))) return true;
  const params = fn.childForFieldName('parameters')?.text ?? '';
  if (requestParameter.test(params)) return true;
  for (const a of ancestors(fn)) {
    if (a.type === 'impl_item') {
      const trait = implTraitName(a);
      return !!trait && isPerRequestTrait(trait);
    }
    if (a.type === 'function_item' || a.type === 'mod_item') return false;
  }
  return false;
}
