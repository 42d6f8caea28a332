/**
 * Routes named by a constant rather than written out: a project's attribute macro registers a handler
 * under `path = "crate::V1_API_ROUTES.captcha.easy.update"` (a field of a route table the crate builds
 * once as a `const` or `static`), and its tests request `ROUTES.captcha.easy.update` through a `use`
 * that names the same constant. Which URL the field holds is not read (it is built by a const fn); two
 * chains that start at the same constant, resolved through the crate's `use`s, and read the same
 * fields, are the same route.
 */
import type { CrateIndex } from './crate-index.js';

/**
 * A constant (SCREAMING_CASE, as Rust names consts and statics), optionally by its path, and the fields
 * read from it: `crate::V1_API_ROUTES.captcha.easy.update`.
 */
const CHAIN = /^((?:(?:crate|self|super|[a-z_][a-z0-9_]*)::)*[A-Z][A-Z0-9_]*)((?:\.[a-z_][a-z0-9_]*)+)$/;
/** The same, anywhere in code text (a macro's arguments are tokens: `post_request!(&body, ROUTES.auth.login)`). */
const CHAINS_IN_TEXT = /(?<![\w.:])((?:(?:crate|self|super|[a-z_][a-z0-9_]*)\s*::\s*)*[A-Z][A-Z0-9_]*)((?:\s*\.\s*[a-z_][a-z0-9_]*)+)/g;

/** `crate::V1_API_ROUTES.captcha.easy.update` -> that text, without spaces; null for anything else (a URL, a fn path). */
export function routeConstantChain(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  return CHAIN.test(compact) ? compact : null;
}

/** Every constant field chain written in code text (a test's requests), each once. */
export function routeConstantChainsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(CHAINS_IN_TEXT)) out.add(`${m[1]!.replace(/\s+/g, '')}${m[2]!.replace(/\s+/g, '')}`);
  return [...out];
}

/**
 * What a chain written in `module` of the file at `path` names: the constant it starts at, as the
 * crate's `use`s resolve it (aliases and re-exports), and its fields. Also the chain by the constant's
 * own name: code whose `use` the index cannot follow (a file it did not read) still meets it by that.
 */
export function routeConstantKeys(index: CrateIndex, path: string, module: readonly string[], chain: string): string[] {
  const m = CHAIN.exec(chain);
  if (!m) return [];
  const [, head, fields] = m;
  const written = head!.slice(head!.lastIndexOf(':') + 1);
  const r = index.resolve(index.crateOf(path), module, head!);
  if (!r?.name || r.name.includes('::')) return [`~${written}${fields}`];
  return [`${r.crate}|${r.module.join('::')}|${r.name}${fields}`, `~${r.name}${fields}`];
}
