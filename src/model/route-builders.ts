/**
 * Fns that build a request URL out of one route: a route table's method (`fn get_download_route(&self,
 * id: &str, page: usize) -> String { format!("{}?page={}", self.download.replace("{id}", id), page) }`)
 * or a helper formatting a route constant's field or a path constant (`fn archive_url(id: u64) ->
 * String { format!("{}?id={id}", ROUTES.notes.archive) }`). A test that requests what such a fn returns
 * requests that route (route-constants.ts keys it, test coverage matches it).
 *
 * Read from syntax alone (the fn's facts, facts.ts `buildsRoute`): the values the body returns are
 * built only by formatting, concatenating or deriving text (catalogue `derivesFromReceiver`) from
 * exactly one route source, the other pieces being parameters or literal text that is not a path.
 */
import type { Node } from '../rust/parser.js';
import { derivesFromReceiver } from '../catalogue/values.js';
import { macroName, macroTokenTree } from '../rust/macros.js';
import { calleeText, methodName, methodReceiver, stringValue } from '../rust/syntax.js';
import { diverges, returnsOf, tailsOf } from './constant-values.js';
import { looksLikeRequestPath } from './route-paths.js';
import { routeConstantChain, routeConstantChainsIn } from './route-constants.js';

/**
 * What a fn returns a URL of, as the facts keep it: `self.<field>` (a field of the route table the
 * method belongs to), a route constant's field chain as written (`crate::ROUTES.notes.archive`), a
 * path constant's name (`ARCHIVE_PATH`), or a request path written out (`"/api/notes/{}"`, quoted).
 */
export type RouteSource = string;

const STRING_RETURN = /\b(String|str|Cow)\b/;
const SELF_FIELD = /(?<![\w.])self\s*\.\s*([a-z_]\w*)\b(?!\s*[(:])/g;
/** A const's name alone in a macro's tokens (not a path's head, not a chain's: those are chains). */
const CONST_NAME = /(?<![\w.:])([A-Z][A-Z0-9_]+)\b(?!\s*(?:[.(]|::|!))/g;
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"/g;

/** The route a fn body builds the URL of; undefined unless every value it returns comes from that one source. */
export function routeBuiltBy(body: Node, returnType: string | undefined): RouteSource | undefined {
  if (!returnType || !STRING_RETURN.test(returnType)) return undefined;
  const values = [...tailsOf(body), ...returnsOf(body)].filter((v) => !diverges(v));
  if (!values.length) return undefined;
  const found = new Set<string>();
  for (const v of values) {
    const sources = sourcesOf(v, 0);
    if (!sources) return undefined;
    for (const s of sources) found.add(s);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** The route sources a string-building expression is made of; null for an expression that is not one (a call, a lookup). */
function sourcesOf(node: Node, depth: number): string[] | null {
  if (depth > 8) return null;
  switch (node.type) {
    case 'string_literal':
    case 'raw_string_literal': {
      const v = stringValue(node);
      if (v !== null && isPathText(v)) return [JSON.stringify(v)];
      // Text that adds a path segment to a route makes another route's URL.
      return v === null || v.includes('/') ? null : [];
    }
    case 'identifier':
      // A parameter (the id, the page) or a path constant.
      return /^[A-Z][A-Z0-9_]+$/.test(node.text) ? [node.text] : [];
    case 'field_expression': {
      const self = /^self\s*\.\s*([a-z_]\w*)$/.exec(node.text);
      if (self) return [`self.${self[1]}`];
      const chain = routeConstantChain(node.text);
      return chain ? [chain] : null;
    }
    case 'reference_expression':
    case 'parenthesized_expression':
      return sourcesOf(node.namedChildren[node.namedChildren.length - 1]!, depth + 1);
    case 'binary_expression': {
      if (node.childForFieldName('operator')?.text !== '+') return null;
      const l = sourcesOf(node.childForFieldName('left')!, depth + 1);
      const r = l && sourcesOf(node.childForFieldName('right')!, depth + 1);
      return l && r ? [...l, ...r] : null;
    }
    case 'block':
      return tailsOf(node).length === 1 ? sourcesOf(tailsOf(node)[0]!, depth + 1) : null;
    case 'call_expression': {
      const m = methodName(node);
      const recv = methodReceiver(node);
      // `self.download.replace("{id}", id)`, `ROUTE.to_string()`: the text derived from the receiver.
      if (m && recv) return derivesFromReceiver(m) ? sourcesOf(recv, depth + 1) : null;
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return /(^|::)String::from$/.test(calleeText(node)) && args.length === 1 ? sourcesOf(args[0]!, depth + 1) : null;
    }
    case 'macro_invocation':
      return macroName(node).replace(/^.*::/, '') === 'format' ? formatSources(node) : null;
    default:
      return null;
  }
}

/** The route sources among `format!`'s tokens: the template when it is a path, route fields, chains, path constants. */
function formatSources(invocation: Node): string[] | null {
  const tt = macroTokenTree(invocation);
  if (!tt) return null;
  // Calls other than deriving text (`self.base_url()`, `helper(x)`): the URL is not read from syntax.
  const text = tt.text.slice(1, -1);
  const bare = text.replace(STRING_TOKEN, '""');
  for (const call of bare.matchAll(/(?:\.\s*|(?<![\w.])(?:[\w:]+::)?)([a-z_]\w*)\s*\(/g)) {
    if (!call[0].trimStart().startsWith('.') || !derivesFromReceiver(call[1]!)) return null;
  }
  const out: string[] = [];
  const template = /^\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (template !== undefined && isPathText(template)) out.push(JSON.stringify(template));
  for (const m of bare.matchAll(SELF_FIELD)) out.push(`self.${m[1]}`);
  // `ROUTES.notes.archive.replace(..)`: the chain ends at the field, before the text-deriving method.
  for (const chain of routeConstantChainsIn(bare)) out.push(fieldOfChain(chain));
  for (const m of bare.matchAll(CONST_NAME)) out.push(m[1]!);
  // `format!("{}/{}", ROUTE, id)` is another route's URL: around a route, the template adds only a query or a fragment.
  if (template !== undefined && out.some((o) => !o.startsWith('"')) && template.replace(/\{[^}]*\}/g, '').includes('/')) return null;
  return out;
}

/** `ROUTES.notes.archive.replace` -> `ROUTES.notes.archive`: the text-deriving methods after the field are not fields. */
function fieldOfChain(chain: string): string {
  const parts = chain.split('.');
  while (parts.length > 2 && derivesFromReceiver(parts[parts.length - 1]!)) parts.pop();
  return parts.join('.');
}

/** A request path with a segment of its own (`/api/notes/{}`), not a template that is only placeholders (`{}/{}`). */
const isPathText = (text: string): boolean => looksLikeRequestPath(text) && /\/[\w.-]*[A-Za-z][\w.-]*/.test(text.replace(/\{[^}]*\}/g, ''));
