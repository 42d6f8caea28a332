/**
 * Code the crate compiles from files that do not end in `.rs`: `#[path = "x.in"] mod x;` and
 * `include!("x.inc")`. A pull request could otherwise put its code where the review does not look.
 * Paths are resolved as rustc does: relative to the directory of the file that names them.
 */
const PATH_ATTR = /#\[\s*path\s*=\s*"((?:[^"\\]|\\.)*)"\s*\]/g;
const INCLUDE = /\binclude(?:_str)?!\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g;

export function referencedPaths(fromPath: string, text: string): string[] {
  const dir = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/')) : '';
  const out = new Set<string>();
  for (const re of [PATH_ATTR, INCLUDE]) {
    for (const m of text.matchAll(re)) {
      if (m[0].startsWith('include_str')) continue; // data, not code
      const target = normalise(dir ? `${dir}/${m[1]!}` : m[1]!);
      if (target) out.add(target);
    }
  }
  return [...out];
}

function normalise(path: string): string | undefined {
  const parts: string[] = [];
  for (const seg of path.replace(/\\\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return undefined; // outside the repository
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}
