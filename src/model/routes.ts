/**
 * Routes the crate registers with its web framework (DESIGN.md, "The model of the crate": the crate
 * index holds registered routes): axum `.route("/p", get(h).post(h2))`, `on(MethodFilter::GET, h)`,
 * `.nest("/p", routes())`; actix-web `#[get("/p")]`, `.route("/p", web::get().to(h))`,
 * `web::resource("/p").route(web::post().to(h))`, `web::scope("/p").service(h)` / `.configure(f)`;
 * OpenAPI attributes that state a handler's path (utoipa, poem-openapi); a project's route attribute
 * naming a route constant's field (`#[post(path = "crate::ROUTES.auth.login")]`, route-constants.ts).
 */
import type { Node } from '../rust/parser.js';
import { httpMethodIn, isMethodRouter, isRouteDocAttribute, isRouterCall } from '../catalogue/web.js';
import { ancestors, attributePath, attributesOf, calleeText, descendants, fnName, methodName, methodReceiver, stringValue } from '../rust/syntax.js';
import { routeConstantChain } from './route-constants.js';

export interface Route {
  path: string;
  /** Upper-case HTTP method, or `ANY`. */
  method: string;
  handler: string;
  /** The fn the registration is written in (a router fn another router may nest / configure). */
  within?: string;
  /** Registered by an attribute on the handler (`#[get("/{id}")]`): a `service(handler)` mounts it. */
  attr?: boolean;
  /**
   * Registered under a route constant's field rather than a written path (`#[post(path =
   * "crate::V1_API_ROUTES.auth.login")]`, route-constants.ts): the chain as written; `path` is then empty.
   */
  constant?: string;
  /** What `constant` resolves to (route-constants.ts), filled where the crate index is at hand. */
  constantKeys?: string[];
  /** The handler fn's line, for a route its attribute registers (which fn of the name: its module names the constant). */
  line?: number;
}

/**
 * A prefix another router puts in front of routes: actix `web::scope("/p").service(handler)` /
 * `.configure(config_fn)`, axum `.nest("/p", module::routes())`.
 */
export interface Mount {
  prefix: string;
  /** The attribute-routed handler it mounts (`service(get_account)`). */
  handler?: string;
  /** The router / config fn whose routes it mounts. */
  fn?: string;
  /** The fn the mount is written in (mounted in turn by another router). */
  within?: string;
}

/** The last segment of a path expression (`handlers::list` -> `list`, `get::<T>` -> `get`). */
function lastSegment(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'scoped_identifier') return node.childForFieldName('name')?.text ?? null;
  if (node.type === 'generic_function') return lastSegment(node.childForFieldName('function'));
  return null;
}

/** The last `::` segment of a callee as written (`web::scope` -> `scope`; a method call `x.scope` stays whole). */
const pathTail = (callee: string): string => callee.split('::').pop()!;

function args(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren ?? [];
}

/** `web::get()` / `web::method(Method::POST)` at the root of an actix `.to(h)` chain. */
function actixMethod(receiver: Node | null): string {
  for (let cur = receiver; cur && cur.type === 'call_expression'; cur = methodReceiver(cur)) {
    const seg = methodName(cur) ?? lastSegment(cur.childForFieldName('function'));
    if (seg && isMethodRouter(seg) && args(cur).length === 0) return seg.toUpperCase();
    if (isRouterCall('methodByValue', seg)) return httpMethodIn(args(cur)[0]?.text ?? '') ?? 'ANY';
  }
  return 'ANY';
}

/** `{ method, handler }` when this call binds a handler to a method. */
function binding(call: Node): { method: string; handler: string } | null {
  const method = methodName(call);
  const a = args(call);
  if (isRouterCall('bindHandler', method)) {
    const handler = lastSegment(a[0]);
    return handler ? { method: actixMethod(methodReceiver(call)), handler } : null;
  }
  const seg = method ?? lastSegment(call.childForFieldName('function'));
  if (!seg) return null;
  if (isRouterCall('bindWithFilter', seg) && a.length === 2) {
    const handler = lastSegment(a[1]);
    const m = httpMethodIn(a[0]!.text) ?? 'ANY';
    return handler ? { method: m, handler } : null;
  }
  if (isMethodRouter(seg) && a.length === 1) {
    const handler = lastSegment(a[0]);
    return handler ? { method: seg.toUpperCase(), handler } : null;
  }
  return null;
}

/** A `resource("/p")` call in the receiver chain of `call`. */
function resourcePath(call: Node): string | null {
  for (let cur: Node | null = call; cur && cur.type === 'call_expression'; cur = methodReceiver(cur)) {
    if (isRouterCall('resource', pathTail(calleeText(cur)))) return stringValue(args(cur)[0]);
  }
  return null;
}

/** The path a handler binding is registered under: the enclosing `.route("/p", ..)` or `resource("/p")`. */
function pathOf(bindingCall: Node): string | null {
  for (const a of [bindingCall, ...ancestors(bindingCall)]) {
    if (a.type === 'block' || a.type === 'function_item') return null;
    if (a.type !== 'call_expression') continue;
    if (isRouterCall('route', methodName(a)) || isRouterCall('route', lastSegment(a.childForFieldName('function')))) {
      const first = args(a)[0];
      const p = stringValue(first);
      if (p !== null) return p;
      const res = resourcePath(methodReceiver(a) ?? a);
      if (res !== null) return res;
    }
    const res = resourcePath(a);
    if (res !== null) return res;
  }
  return null;
}

const joinPath = (prefix: string, path: string): string => `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`.replace(/\/+$/, '') || '/';

/** Is `inner` inside `outer`'s source range? */
const within = (inner: Node, outer: Node | null | undefined): boolean => !!outer && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;

/**
 * The prefix the scopes and nests around `node` put in front of its path: actix chains rooted at
 * `web::scope("/p")`, axum `.nest("/p", <router holding node>)`, outermost first.
 */
function scopePrefix(node: Node): string {
  const parts: string[] = [];
  const seen = new Set<number>();
  for (const a of ancestors(node)) {
    if (a.type === 'block' || a.type === 'function_item') break;
    if (a.type !== 'call_expression') continue;
    const method = methodName(a);
    if (isRouterCall('nest', method)) {
      const [first, second] = args(a);
      const p = stringValue(first);
      if (p !== null && within(node, second)) parts.unshift(p);
      continue;
    }
    // Any call of a chain: its root decides (the chain's calls share one root, counted once).
    let root: Node | null = a;
    while (root && root.type === 'call_expression' && methodReceiver(root)) root = methodReceiver(root);
    if (!root || root.type !== 'call_expression' || seen.has(root.id) || !isRouterCall('scope', pathTail(calleeText(root)))) continue;
    seen.add(root.id);
    const p = stringValue(args(root)[0]);
    if (p !== null && !within(node, root)) parts.unshift(p);
  }
  return parts.reduce((acc, p) => joinPath(acc, p), '');
}

const enclosingFnName = (node: Node): string | undefined => {
  for (const a of ancestors(node)) if (a.type === 'function_item') return fnName(a);
  return undefined;
};

export function routesIn(root: Node): Route[] {
  const routes: Route[] = [];
  for (const d of descendants(root)) {
    if (d.type === 'call_expression') {
      const b = binding(d);
      if (!b) continue;
      const path = pathOf(d);
      if (path === null) continue;
      const prefix = scopePrefix(d);
      if (prefix) routes.push({ path: joinPath(prefix, path), ...b, within: enclosingFnName(d) });
      else if (path.startsWith('/')) routes.push({ path, ...b, within: enclosingFnName(d) });
    } else if (d.type === 'function_item') {
      for (const attr of attributesOf(d)) {
        const documented = documentedRoute(attr);
        if (documented) {
          routes.push({ ...documented, handler: fnName(d), attr: true });
          continue;
        }
        const seg = attributePath(attr).split('::').pop() ?? '';
        if (!isMethodRouter(seg) && !isRouterCall('route', seg)) continue;
        const tt = attr.namedChildren.find((c) => c.type === 'attribute')?.childForFieldName('arguments');
        const lit = tt?.namedChildren.find((c) => c.type === 'string_literal');
        const path = stringValue(lit);
        const m = isRouterCall('route', seg) ? /method\s*=\s*"(\w+)"/.exec(tt?.text ?? '')?.[1]?.toUpperCase() ?? 'ANY' : seg.toUpperCase();
        // `#[get("")]` is the scope's own path.
        if (path === null || (path && !path.startsWith('/'))) {
          const constant = tt ? constantArgument(tt) : null;
          if (constant) routes.push({ path: '', method: m, handler: fnName(d), attr: true, constant, line: d.startPosition.row + 1 });
          continue;
        }
        routes.push({ path, method: m, handler: fnName(d), attr: true });
      }
    }
  }
  return routes;
}

/**
 * A route constant's field chain an attribute registers its handler under: `path = "crate::ROUTES.a.b"`
 * (a string naming a Rust path), or the chain written bare as its first argument (`#[get(ROUTES.a.b)]`).
 */
function constantArgument(tt: Node): string | null {
  const parts = tt.namedChildren;
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    if (c.type === 'identifier' && c.text === 'path' && c.nextSibling?.type === '=' && parts[i + 1]?.type === 'string_literal') {
      const chain = routeConstantChain(stringValue(parts[i + 1]) ?? '');
      if (chain) return chain;
    }
  }
  // The tokens before the first `,` (the arguments' own parentheses stripped).
  const first = tt.text.replace(/^[([{]|[)\]}]$/g, '').split(',')[0] ?? '';
  return /=/.test(first) ? null : routeConstantChain(first);
}

/**
 * The method and path an OpenAPI attribute states (`#[utoipa::path(post, path = "/p")]`,
 * `#[oai(path = "/p", method = "post")]`); utoipa-axum's `routes!(h)` registers the route from it.
 */
function documentedRoute(attr: Node): { path: string; method: string } | null {
  if (!isRouteDocAttribute(attributePath(attr))) return null;
  const tt = attr.namedChildren.find((c) => c.type === 'attribute')?.childForFieldName('arguments');
  if (!tt) return null;
  let path: string | null = null;
  let method = 'ANY';
  const parts = tt.namedChildren;
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    if (c.type !== 'identifier') continue;
    // Only the attribute's own `key = "value"` pairs: `=` is an anonymous token between them.
    const value = c.nextSibling?.type === '=' ? parts[i + 1] : undefined;
    if (c.text === 'path' && value?.type === 'string_literal') path = stringValue(value);
    else if (c.text === 'method' && value?.type === 'string_literal') method = (stringValue(value) ?? 'ANY').toUpperCase();
    else if (i === 0 && isMethodRouter(c.text)) method = c.text.toUpperCase();
  }
  return path !== null && path.startsWith('/') ? { path, method } : null;
}

/** `scope("/p").service(handler)`, `scope("/p").configure(config)`, `.nest("/p", module::routes())`. */
export function mountsIn(root: Node): Mount[] {
  const mounts: Mount[] = [];
  for (const d of descendants(root)) {
    if (d.type !== 'call_expression') continue;
    const method = methodName(d);
    const mountsHandler = isRouterCall('mountHandler', method);
    if (mountsHandler || isRouterCall('mountFn', method)) {
      const target = lastSegment(args(d)[0]);
      const prefix = target ? scopePrefix(args(d)[0]!) : '';
      if (target && prefix) mounts.push(mountsHandler ? { prefix, handler: target, within: enclosingFnName(d) } : { prefix, fn: target, within: enclosingFnName(d) });
    } else if (isRouterCall('nestRouter', method)) {
      const inner = args(d)[1];
      const fn = inner?.type === 'call_expression' && methodName(inner) === null ? lastSegment(inner.childForFieldName('function')) : null;
      const prefix = fn ? scopePrefix(inner!) : '';
      if (fn && prefix) mounts.push({ prefix, fn, within: enclosingFnName(d) });
    }
  }
  return mounts;
}

/**
 * Routes as served: a route registered by attribute on a mounted handler, or written inside a
 * mounted router / config fn, also gets the mount's prefix (the form as written is kept). The result
 * is written where the mount is, so mounts of that fn apply in turn (nested scopes compose).
 */
export function applyMounts(routes: Route[], mounts: Mount[]): Route[] {
  if (!mounts.length) return routes;
  let current = routes;
  for (let round = 0; round < 4; round++) {
    let changed = false;
    const next: Route[] = [];
    for (const r of current) {
      // A route constant holds the path as served, whatever the route table composed it of.
      if (r.constant) {
        next.push(r);
        continue;
      }
      const hits = mounts.filter((m) => (r.attr && m.handler === r.handler) || (!r.attr && m.fn && m.fn === r.within));
      if (!hits.length) {
        next.push(r);
        continue;
      }
      changed = true;
      // The form as written stays too: tests often mount the bare handler (`App::new().service(h)`).
      next.push({ ...r, attr: false, within: undefined });
      for (const m of hits) next.push({ path: joinPath(m.prefix, r.path), method: r.method, handler: r.handler, within: m.within });
    }
    current = next;
    if (!changed) break;
  }
  return current;
}
