/**
 * Where a piece of code runs, as the architecture rules care about it: test code, start-up code
 * (`main` and friends, where a panic stops the deploy instead of a request), static initialisation
 * (`const` / `static` / `LazyLock::new(..)`), or a production path that serves traffic.
 */
import type { Node } from '../../../rust/parser.js';
import { ancestors, attributePath, attributesOf, calleeText, fnName, methodName } from '../../../rust/syntax.js';

export type CodeContext = 'test' | 'startup' | 'static-init' | 'production';

/** Functions that only run while the service starts (a panic there fails fast, before traffic). */
const STARTUP_FN = /^(main|init(_\w+)?|\w+_init|setup(_\w+)?|bootstrap(_\w+)?|build_(app|router|routes|server|state|config)|app|router|routes|configure(_\w+)?|load_(config|settings|env)|from_env|config|settings)$/;

/** Attributes that mark an entry point (`#[tokio::main]`, `#[actix_web::main]`). */
const MAIN_ATTR = /(^|::)main$/;

/** Calls whose closure argument is a one-time lazy initialiser. */
const LAZY_INIT = /(^|::)(LazyLock|LazyCell|Lazy)::new$|(^|\.)(get_or_init|get_or_try_init|call_once)$/;

export function isStartupFunction(fn: Node): boolean {
  return STARTUP_FN.test(fnName(fn)) || attributesOf(fn).some((a) => MAIN_ATTR.test(attributePath(a)));
}

/** Is `node` inside a `const` / `static` item or a lazy one-time initialiser closure? */
export function isStaticInit(node: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'const_item' || a.type === 'static_item') return true;
    if (a.type === 'call_expression') {
      const callee = calleeText(a);
      const method = methodName(a);
      if (LAZY_INIT.test(callee) || (method && LAZY_INIT.test(`.${method}`))) return true;
    }
    if (a.type === 'function_item') return false;
  }
  return false;
}

/** The nearest enclosing `fn` item, looking through closures and async blocks. */
export function outerFunction(node: Node): Node | null {
  for (const a of ancestors(node)) if (a.type === 'function_item') return a;
  return null;
}

export function codeContext(node: Node, isTest: (n: Node) => boolean): CodeContext {
  if (isTest(node)) return 'test';
  if (isStaticInit(node)) return 'static-init';
  const fn = outerFunction(node);
  if (fn && isStartupFunction(fn)) return 'startup';
  return 'production';
}

/** Is this file a binary entry point (`src/main.rs`, `src/bin/*`)? */
export function isBinaryEntryPath(path: string): boolean {
  return /(^|\/)src\/main\.rs$/.test(path) || /(^|\/)src\/bin\//.test(path);
}
