/**
 * Routes named by a constant rather than written out: a project's attribute macro registers a handler
 * under `path = "crate::V1_API_ROUTES.captcha.easy.update"` (a field of a route table the crate builds
 * once as a `const` or `static`), and its tests request `ROUTES.captcha.easy.update` through a `use`
 * that names the same constant. Which URL the field holds is not read (it is built by a const fn); two
 * chains that start at the same constant, resolved through the crate's `use`s, and read the same
 * fields, are the same route.
 */
import type { CrateIndex, FnRef } from './crate-index.js';
import { looksLikeRequestPath } from './route-paths.js';

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
  const [, head, written] = m;
  const name = head!.slice(head!.lastIndexOf(':') + 1);
  const crate = index.crateOf(path);
  const r = index.resolve(crate, module, head!);
  const resolved = r?.name && !r.name.includes('::') ? r : null;
  // `ROUTES.survey.get_download_route(..)`: the route table's method formats that table's field.
  const fields = routeFieldOfMethod(index, resolved ?? { crate, module: [...module], name }, written!) ?? written!;
  if (!resolved) return [`~${name}${fields}`];
  return [`${resolved.crate}|${resolved.module.join('::')}|${resolved.name}${fields}`, `~${resolved.name}${fields}`];
}

/**
 * `.survey.get_download_route` -> `.survey.download` when the last name of the chain is a method of
 * the route table it is called on that returns the URL of one of the table's fields (facts.ts
 * `buildsRoute`, route-builders.ts). The table's type is followed from the constant's declared type
 * through its fields' types; where that walk fails, the crate's methods of the name must all agree.
 */
function routeFieldOfMethod(index: CrateIndex, constant: { crate: string; module: string[]; name?: string }, fields: string): string | null {
  const names = fields.split('.').slice(1);
  const method = names.pop();
  if (!method || !names.length) return null;
  const builders = index.methodsNamed(constant.crate, method).filter((f) => f.fn.buildsRoute?.startsWith('self.'));
  if (!builders.length) return null;
  const owner = tableTypeOf(index, constant, names);
  // An impl of the type is written in its module (or a child of it: `impl` blocks may sit in submodules).
  const candidates = owner ? builders.filter((f) => f.fn.owner === owner.name && isWithin(index.moduleAt(f.file, f.fn.module).join('::'), owner.module)) : builders;
  const built = new Set(candidates.map((f) => f.fn.buildsRoute!.slice('self.'.length)));
  return built.size === 1 ? `.${[...names, ...built].join('.')}` : null;
}

const isWithin = (module: string, outer: string): boolean => module === outer || module.startsWith(`${outer}::`) || !outer;

/** The struct of `CONSTANT.a.b` (its name and module): the constant's declared type, then each field's; null where a step is not a struct of the crate. */
function tableTypeOf(index: CrateIndex, constant: { crate: string; module: string[]; name?: string }, fields: readonly string[]): { name: string; module: string } | null {
  if (!constant.name) return null;
  const at = constant.module.join('::');
  const declared = index.constsNamed(constant.crate, constant.name).filter((c) => index.moduleAt(c.file, c.constant.module).join('::') === at);
  if (declared.length !== 1) return null;
  let type = declared[0]!.constant.type;
  let crate = constant.crate;
  let module: readonly string[] = constant.module;
  for (const field of fields) {
    const s = index.structAt(crate, module, type.replace(/^&('\w+\s*)?/, ''));
    const next = s?.struct.fields.find((f) => f.name === field)?.type;
    if (!s || !next) return null;
    crate = s.crate;
    module = index.moduleAt(s.file, s.struct.module);
    type = next;
  }
  const last = index.structAt(crate, module, type.replace(/^&('\w+\s*)?/, ''));
  return last ? { name: last.struct.name, module: index.moduleAt(last.file, last.struct.module).join('::') } : null;
}

/**
 * What a test requests by calling a fn that builds a route's URL (facts.ts `buildsRoute`,
 * route-builders.ts): the keys of the route constant's field it formats, or the request path a path
 * constant holds or the fn writes out. A route table's method (`self.<field>`) is keyed where it is
 * called on the table (routeConstantKeys).
 */
export function routeRequestedThrough(index: CrateIndex, ref: FnRef): { keys: string[]; urls: string[] } {
  const built = ref.fn.buildsRoute;
  if (!built || built.startsWith('self.')) return { keys: [], urls: [] };
  if (built.startsWith('"')) return { keys: [], urls: [JSON.parse(built) as string] };
  const module = index.moduleAt(ref.file, ref.fn.module);
  if (CHAIN.test(built)) return { keys: routeConstantKeys(index, ref.file.path, module, built), urls: [] };
  const r = index.resolve(index.crateOf(ref.file.path), module, built);
  const at = r?.name ? r.module.join('::') : null;
  const value = at === null ? undefined : index.constsNamed(r!.crate, r!.name!).find((c) => index.moduleAt(c.file, c.constant.module).join('::') === at)?.constant.value;
  return { keys: [], urls: value !== undefined && looksLikeRequestPath(value) ? [value] : [] };
}
