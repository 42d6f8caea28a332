/**
 * What a URL path means for a route the crate registers (the routes themselves: routes.ts): whether a
 * request path (`/api/projects/{PROJECT}/archive`, `http://{addr}/health?x=1`) is one the route serves,
 * by Rust web frameworks' path syntax (`:id`, `{id}`, `<id>`, `*rest`, `{*rest}`), and the static
 * segments every such request holds.
 */

/** Split once per distinct string: coverage matches every test URL against every handler's routes. */
function cachedSplit(split: (s: string) => readonly string[]): (s: string) => readonly string[] {
  const cache = new Map<string, readonly string[]>();
  return (s) => {
    let out = cache.get(s);
    if (!out) {
      if (cache.size > 100_000) cache.clear();
      cache.set(s, (out = split(s)));
    }
    return out;
  };
}

const segments = cachedSplit((path) => path.split('?')[0]!.split('#')[0]!.split('/').filter((s) => s.length > 0));
/** A test URL's path segments, without its scheme and host (`http://{addr}/health` -> `health`). */
const urlSegments = cachedSplit((url) => segments(url.replace(/^https?:\/\/[^/]*/, '').replace(/^\{[^}]*\}/, '')));

const isParam = (seg: string) => /^(:|\*|\{)/.test(seg) || /^<.*>$/.test(seg);

/**
 * Whether a path used in a test (`/api/projects/{PROJECT}/archive`, `http://{addr}/health?x=1`)
 * requests the route: same static segments, parameters match anything, a nest prefix is allowed.
 */
export function urlHitsRoute(url: string, routePath: string): boolean {
  const route = routeShape(routePath);
  if (!route) return false;
  const { fixed, wildcard } = route;
  const t = urlSegments(url);
  if (t.length < fixed.length) return false;
  for (let offset = 0; offset + fixed.length <= t.length; offset++) {
    if (!wildcard && offset + fixed.length !== t.length) continue;
    if (fixed.every((seg, i) => seg === null || seg === t[offset + i])) return true;
  }
  return false;
}

interface RouteShape {
  /** Segments before a trailing wildcard; null where a parameter matches anything. */
  fixed: (string | null)[];
  wildcard: boolean;
  /** The static segments (every URL that hits the route holds them). */
  statics: string[];
}

const routeShapes = new Map<string, RouteShape | null>();

/** A route's segments, classified once per distinct path (null: no static segment to match on). */
function routeShape(routePath: string): RouteShape | null {
  let shape = routeShapes.get(routePath);
  if (shape === undefined) {
    const r = segments(routePath);
    if (r.length === 0 || r.every(isParam)) shape = null;
    else {
      const wildcard = /^(\*|\{\*)/.test(r[r.length - 1]!);
      const fixed = (wildcard ? r.slice(0, -1) : r).map((seg) => (isParam(seg) ? null : seg));
      shape = { fixed, wildcard, statics: fixed.filter((seg): seg is string => seg !== null) };
    }
    if (routeShapes.size > 100_000) routeShapes.clear();
    routeShapes.set(routePath, shape);
  }
  return shape;
}

/** The static segments a URL must contain to hit the route (none: no URL can, see urlHitsRoute). */
export function routeStaticSegments(routePath: string): readonly string[] {
  return routeShape(routePath)?.statics ?? NO_SEGMENTS;
}

const NO_SEGMENTS: readonly string[] = [];

/** A test URL's path segments (what routeStaticSegments is matched against). */
export const testUrlSegments = (url: string): readonly string[] => urlSegments(url);

const REQUEST_PATH = /^(https?:\/\/[^/\s]*|\{[^}]*\})?\/[^\s]*$/;

/** A string that reads as a request path or URL (`/projects/{id}/archive`, `http://{addr}/health`, `{base}/orders`), not a file path with spaces or a message. */
export const looksLikeRequestPath = (text: string): boolean => REQUEST_PATH.test(text);
