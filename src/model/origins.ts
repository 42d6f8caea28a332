/**
 * Where a value comes from: request data (extractor parameters and what is derived from them), a
 * database call, an awaited I/O result, parsing external text, or what a call whose error was
 * already propagated returned. The other half of a value's origin is provenance.ts (who can choose
 * it: fixed at compile time, a number, unknown); a value provenance.ts finds constant has no origin
 * here, whatever chose it. Names are followed through `let` bindings and patterns inside one fn body.
 * Rules ask FileModel.originsIn(fn).
 */
import type { ImportMap } from '../rust/imports.js';
import type { Node } from '../rust/parser.js';
import { descendants, methodChain, methodReceiver, type ChainLink } from '../rust/syntax.js';
import { provenanceIn } from './provenance.js';
import { isConnectionType, isPeerQueryMethod, isProtocolRequestType, isRequestAccessor, isRequestDataType, isRequestStateAccessor, isSharedStateExtraction } from '../catalogue/web.js';
import { DATABASE_RESULT_METHODS, DATABASE_RESULT_METHODS_NEEDING_ARGS, ROW_GETTERS, ROW_MAPPING_METHODS } from '../catalogue/database.js';
import { isChannelSendMethod } from '../catalogue/effects.js';
import { isParseFunction, isSerializeFunction } from '../catalogue/formats.js';
import { isIoFunction, isIoMethod, isNotIoAwaitedMethod, isNotIoFunction } from '../catalogue/io.js';
import { isLockAcquireMethod } from '../catalogue/locks.js';
import { namesDatabaseHandle, namesRequest, namesSemaphore } from '../catalogue/naming.js';
import { CONVERSION_METHODS, isPerItemAdapter } from '../catalogue/values.js';
import { patternNames, resolveBinding } from './bindings.js';
import { holdsHttpClient } from './client-origin.js';

/**
 * `returned`: the `Option` / `Result` inside the value of a call whose own error was already
 * propagated with `?` (`load(..).await?.unwrap()`): not an I/O failure, a "not found" or a nested error.
 */
export type OriginKind = 'request' | 'database' | 'io' | 'parse' | 'returned';

export interface Origin {
  kind: OriginKind;
  /** Short code naming the source (`headers.get("x-tenant-id")`, `fetch_optional(..)`). */
  what: string;
  /** The call the value comes from (its return type names what is unwrapped). */
  call?: Node;
}

function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/\s*\.\s*/g, '.');
  return flat.length > max ? `${flat.slice(0, max - 2)}..` : flat;
}

/** The leftmost identifier of `a.b.c`, `a[0]`, `&a`, `*a`, `(a)`: the binding the value hangs on. */
export function rootIdentifier(node: Node): Node | null {
  let cur: Node | null = node;
  while (cur) {
    switch (cur.type) {
      case 'identifier':
      case 'self':
        return cur;
      case 'field_expression':
        cur = cur.childForFieldName('value');
        break;
      case 'index_expression':
      case 'reference_expression':
      case 'unary_expression':
      case 'parenthesized_expression':
      case 'try_expression':
      case 'await_expression':
        cur = cur.namedChildren.find((c) => c.type !== 'mutable_specifier') ?? null;
        break;
      case 'call_expression': {
        const fn = cur.childForFieldName('function');
        cur = fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
        break;
      }
      default:
        return null;
    }
  }
  return null;
}

const argCount = (link: ChainLink) => link.args?.namedChildren.length ?? 0;

/** Per-function knowledge: which local names hold request data or an I/O / DB result. */
export class FunctionOrigins {
  /**
   * Per name, its bindings in source order: parameters (no `let`), then each `let`, whatever its
   * value (a later `let app = ..` shadows an earlier one only from where it is written, and a `let`
   * of the program's own value hides a request parameter of the same name).
   */
  private readonly bindings = new Map<string, Array<{ let?: Node; origin: Origin | null }>>();

  /** `filled`: positions of parameters a filter chain fills with what the client sent (a warp handler's `HashMap` of the query). */
  constructor(fn: Node, private readonly imports: ImportMap, filled?: ReadonlySet<number>) {
    let position = -1;
    for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (param.type !== 'parameter') continue;
      position++;
      const type = param.childForFieldName('type')?.text ?? '';
      const pattern = param.childForFieldName('pattern');
      if (!pattern || !(filled?.has(position) || (isRequestDataType(type) && !this.namesStdType(type)) || this.namesProtocolRequest(type))) continue;
      for (const name of patternNames(pattern)) this.bind(name, { kind: 'request', what: name });
    }
    const body = fn.childForFieldName('body');
    if (!body) return;
    // `let` bindings in source order, so a name derived from an earlier one inherits its origin.
    for (const d of descendants(body, (n) => n.type === 'function_item' || n.type === 'closure_expression')) {
      if (d.type !== 'let_declaration') continue;
      const value = d.childForFieldName('value');
      const pattern = d.childForFieldName('pattern');
      if (!value || !pattern) continue;
      // A value fixed at compile time (`if ext == "xz" { "application/x-xz" } else { .. }`) is not the client's, whatever
      // chose it; a struct the code builds (`Page { time: form.time, .. }`) holds values already extracted and typed:
      // what its own methods return (`page.render()`) fails for the program's reasons, not on the client's input.
      const origin = value.type === 'struct_expression' || provenanceIn(value).of(value) === 'constant' ? null : this.originOf(value);
      for (const name of patternNames(pattern)) this.bind(name, origin, d);
    }
  }

  /** `request: &LdapPasswordModifyRequest` under `use ldap3_proto::proto::..`: a protocol server's decoded client request. */
  private namesProtocolRequest(type: string): boolean {
    const head = type.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '').split('<')[0]!.trim();
    return isProtocolRequestType(this.imports.resolve(head));
  }

  /**
   * A parameter type whose name an extractor shares but which the file's `use` items (or its written
   * path) make std's: `script: &Path` with `use std::path::Path` is a file path the caller chose.
   */
  private namesStdType(type: string): boolean {
    const head = type.replace(/^&\s*('\w+\s*)?(mut\s+)?/, '').split('<')[0]!.trim();
    const resolved = this.imports.resolve(head).replace(/^::/, '');
    return /^(std|core|alloc)::/.test(resolved);
  }

  private bind(name: string, origin: Origin | null, letDecl?: Node): void {
    let list = this.bindings.get(name);
    if (!list) this.bindings.set(name, (list = []));
    list.push({ ...(letDecl ? { let: letDecl } : {}), origin });
  }

  /** The origin of `name` where `at` uses it: its latest binding written before `at` in a block around `at`. */
  private originOfName(name: string, at: Node): Origin | null {
    const list = this.bindings.get(name);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i]!;
      if (!b.let) return b.origin;
      const scope = b.let.parent;
      if (b.let.endIndex <= at.startIndex && scope && scope.startIndex <= at.startIndex && at.endIndex <= scope.endIndex) return b.origin;
    }
    return null;
  }

  /** The root call of a chain (`Self::new(..)` of `Self::new(..).await?`), when it is one. */
  private static rootCall(root: Node): Node | undefined {
    return root.type === 'call_expression' ? root : undefined;
  }

  /** Where the value of `expr` comes from, or null when it is none of the sources this rule tracks. */
  originOf(expr: Node): Origin | null {
    const { root, links } = methodChain(expr);
    // Mutex / RwLock poisoning: `.lock().unwrap()` is the accepted idiom.
    const last = links[links.length - 1];
    if (last && isLockAcquireMethod(last.name) && argCount(last) === 0) return null;
    // Channel sends, joins and permits fail on shutdown or a bug elsewhere, never on the input.
    const lastCall = [...links].reverse().find((l) => l.name !== 'await' && l.name !== '?');
    if (lastCall && this.awaitIsBookkeeping(lastCall)) return null;
    // What earlier middleware or app set-up put on the request is an invariant, not client input.
    if (links.some((l) => isRequestStateAccessor(l.name))) return null;

    for (let i = 0; i < links.length; i++) {
      const link = links[i]!;
      if (link.name === 'await' || link.name === '?') continue;
      if (DATABASE_RESULT_METHODS.test(link.name) && !(DATABASE_RESULT_METHODS_NEEDING_ARGS.test(link.name) && argCount(link) === 0)) {
        if (link.name === 'query' && !this.looksLikeDbReceiver(links, i, root)) continue;
        // `client.execute(request)` on an HTTP client is a request to another service.
        if (i === 0 && holdsHttpClient(root, { path: '', root: root.tree.rootNode, imports: this.imports })) return { kind: 'io', what: `${short(root.text, 30)}.${link.name}(..)` };
        return { kind: 'database', what: `${link.name}(..)` };
      }
      if ((link.name === 'get' || link.name === 'acquire') && argCount(link) === 0 && i === 0 && namesDatabaseHandle(rootName(root))) {
        return { kind: 'database', what: `${short(root.text, 30)}.${link.name}()` };
      }
      if (isIoMethod(link.name) && !(link.name === 'send' && argCount(link) > 0)) {
        return { kind: 'io', what: `${link.name}(..)` };
      }
      // `stream.peer_addr()` on an accepted connection: fails once the client has gone away.
      if (i === 0 && isPeerQueryMethod(link.name) && argCount(link) === 0 && this.isConnection(root)) {
        return { kind: 'io', what: `${short(root.text, 30)}.${link.name}()` };
      }
    }

    const rootCall = root.type === 'call_expression' ? root : null;
    if (rootCall) {
      const fnNode = rootCall.childForFieldName('function');
      const written = fnNode?.type === 'generic_function' ? fnNode.childForFieldName('function')?.text ?? '' : fnNode?.text ?? '';
      const resolved = this.imports.resolve(written);
      const args = rootCall.childForFieldName('arguments')?.namedChildren ?? [];
      const literalArgs = args.every(isLiteral);
      if (isSerializeFunction(resolved)) return null;
      if (isIoFunction(resolved)) return { kind: 'io', what: `${written}(..)` };
      if (isParseFunction(resolved) && !literalArgs) {
        const fromRequest = this.mentionsRequest(rootCall);
        return fromRequest ? { kind: 'request', what: `${written}(${short(args.map((a) => a.text).join(', '), 30)})` } : { kind: 'parse', what: `${written}(..)` };
      }
    }

    // Awaited results: outbound calls, repositories, caches. Joins, channels and semaphores are not.
    const awaitIndex = links.findIndex((l) => l.name === 'await');
    if (awaitIndex >= 0) {
      const awaited = links[awaitIndex - 1];
      const awaitedCall = awaited && awaited.name !== '?' ? awaited : null;
      const rootIsCall = root.type === 'call_expression' || root.type === 'macro_invocation';
      if (awaitedCall ? !this.awaitIsBookkeeping(awaitedCall) : rootIsCall && !this.rootCallIsBookkeeping(root)) {
        const what = awaitedCall ? `${awaitedCall.name}(..).await` : `${short(calleeOf(root), 40)}(..).await`;
        const call = awaitedCall ? awaitedCall.node : FunctionOrigins.rootCall(root);
        // `f(..).await?`: the call's own failure is handled; what is left is the value it returned.
        if (links[awaitIndex + 1]?.name === '?') {
          // A field or method of that value (`info.manifest.package`) is the program's own data.
          if (links.length > awaitIndex + 2) return null;
          return { kind: 'returned', what: `${what}?`, ...(call ? { call } : {}) };
        }
        return { kind: 'io', what, ...(call ? { call } : {}) };
      }
    }

    // Request data: a chain on an extractor or on something derived from one.
    const id = rootIdentifier(root);
    if (id) {
      const known = this.originOfName(id.text, id);
      if (known) {
        // `let info = f(..).await?;` then `info.manifest.package.unwrap()`: a field of the returned value, the program's own data.
        if (known.kind === 'returned' && (links.length > 0 || root.id !== id.id)) return null;
        if (known.kind !== 'request') return known;
        const first = links.find((l) => l.name !== '?' && l.name !== 'await');
        const what = first ? short(first.node.text, 50) : short(root.text, 50);
        return { kind: 'request', what };
      }
      if (links.some((l) => isRequestAccessor(l.name)) && namesRequest(id.text)) {
        return { kind: 'request', what: short(expr.text, 50) };
      }
      // `let v: i32 = row.get(2)?; .. v.try_into()`: a column's value converted, failing on what the database holds.
      const conversion = links.find((l) => CONVERSION_METHODS.has(l.name));
      if (conversion && links[0] === conversion && !this.bindings.has(id.text) && this.readFromRow(id)) {
        return { kind: 'parse', what: `${short(root.text, 30)}.${conversion.name}()` };
      }
      if (this.boundFromRequest(id)) {
        const first = links.find((l) => l.name !== '?' && l.name !== 'await');
        return { kind: 'request', what: first ? short(first.node.text, 50) : short(root.text, 50) };
      }
    }
    // Any request-derived value used as an argument (`map.get(&q.id)`, `Uuid::parse_str(&id)`).
    if (this.mentionsRequest(expr)) {
      const name = this.requestNameIn(expr)!;
      return { kind: 'request', what: `${short(expr.text, 40)}` + (expr.text.length > 40 ? ` (uses \`${name}\`)` : '') };
    }
    return null;
  }

  /** Pattern bindings being resolved (a guard against `match x { Some(x) => .. }` chains looping). */
  private readonly resolvingPatterns = new Set<number>();

  /**
   * A name a pattern binds from request data: a `match` arm (`Ok(args) =>` of `match req.parse()`), an
   * `if let` / `while let` (`if let Some(q) = args.qresync`), a `for` over it. What the client sent
   * stays what the client sent when it is taken apart.
   */
  private boundFromRequest(id: Node): boolean {
    if (id.type !== 'identifier') return false;
    const decl = resolveBinding(id);
    if (!decl || (decl.kind !== 'pattern' && decl.kind !== 'for' && decl.kind !== 'closure-param')) return false;
    let source: Node | null = decl.kind === 'closure-param' ? itemSourceOf(decl.node, decl.ident) : decl.value;
    if (!source && decl.node.type === 'match_arm') source = decl.node.parent?.parent?.type === 'match_expression' ? decl.node.parent.parent.childForFieldName('value') : null;
    if (!source || this.resolvingPatterns.has(decl.node.id)) return false;
    this.resolvingPatterns.add(decl.node.id);
    try {
      return this.originOf(source)?.kind === 'request';
    } finally {
      this.resolvingPatterns.delete(decl.node.id);
    }
  }

  /**
   * A binding holding a column of a database row: `let v = row.get(2)?` where `row` is the parameter
   * of the closure a row-mapping call runs per row (`stmt.query_row(params, |row| ..)`).
   */
  private readFromRow(id: Node): boolean {
    const decl = resolveBinding(id);
    if (decl?.kind !== 'let' || !decl.value) return false;
    const { root, links } = methodChain(decl.value);
    if (root.type !== 'identifier' || !links[0] || !ROW_GETTERS.has(links[0].name)) return false;
    const row = resolveBinding(root);
    if (row?.kind !== 'closure-param') return false;
    const holder = row.node.parent?.type === 'arguments' ? row.node.parent.parent : null;
    const method = holder?.type === 'call_expression' ? holder.childForFieldName('function')?.childForFieldName('field')?.text : undefined;
    return !!method && ROW_MAPPING_METHODS.has(method);
  }

  /** A binding declared as a connection (`stream: TcpStream`, `let s: TlsStream<..>`). */
  private isConnection(root: Node): boolean {
    if (root.type !== 'identifier') return false;
    const type = resolveBinding(root)?.type?.text;
    return !!type && isConnectionType(type);
  }

  private looksLikeDbReceiver(links: ChainLink[], i: number, root: Node): boolean {
    return i > 0 || namesDatabaseHandle(rootName(root));
  }

  private awaitIsBookkeeping(link: ChainLink): boolean {
    if (/^(read|write)$/.test(link.name) && argCount(link) > 0) return false; // file / socket I/O
    if (isNotIoAwaitedMethod(link.name)) return true;
    if (isChannelSendMethod(link.name) && argCount(link) > 0) return true; // a channel, not HTTP
    if (link.name === 'acquire') {
      const recv = methodReceiver(link.node);
      const name = recv?.type === 'field_expression' ? recv.childForFieldName('field')?.text ?? '' : recv?.text ?? '';
      return namesSemaphore(name);
    }
    return false;
  }

  private rootCallIsBookkeeping(root: Node): boolean {
    const callee = calleeOf(root);
    // Joins and pool hand-offs; and app wiring: a missing `Extension` / `State` is a bug, not input.
    return isNotIoFunction(callee) || isSharedStateExtraction(callee);
  }

  private requestNameIn(expr: Node): string | null {
    for (const d of descendants(expr)) {
      if (d.type === 'identifier' && d.parent?.type !== 'scoped_identifier' && this.originOfName(d.text, d)?.kind === 'request') return d.text;
    }
    for (const d of descendants(expr)) {
      if (d.type === 'identifier' && d.parent?.type !== 'scoped_identifier' && !this.bindings.has(d.text) && this.boundFromRequest(d)) return d.text;
    }
    return null;
  }

  mentionsRequest(expr: Node): boolean {
    return this.requestNameIn(expr) !== null;
  }
}

/** The name a chain hangs on: the last field of `state.pool`, else the identifier. */
function rootName(root: Node): string {
  if (root.type === 'field_expression') return root.childForFieldName('field')?.text ?? '';
  return rootIdentifier(root)?.text ?? '';
}

function calleeOf(root: Node): string {
  if (root.type === 'macro_invocation') return `${root.childForFieldName('macro')?.text ?? ''}!`;
  const fn = root.childForFieldName('function');
  return fn?.type === 'generic_function' ? fn.childForFieldName('function')?.text ?? '' : fn?.text ?? '';
}

function isLiteral(n: Node): boolean {
  if (/^(string_literal|raw_string_literal|integer_literal|float_literal|boolean_literal|char_literal)$/.test(n.type)) return true;
  return n.type === 'reference_expression' && n.namedChildren.every(isLiteral);
}


/** Adapters whose closure takes an accumulator first and the item second (`fold(init, |acc, item| ..)`). */
const ITEM_SECOND = new Set(['fold', 'try_fold', 'scan']);

/**
 * What a per-item closure's parameter `ident` is an item of: the receiver of the adapter the closure
 * is handed to (`req.headers().get_all(k).iter()` of `.map(|v| ..)`, `query.ids` of
 * `.iter().filter(|id| ..)`), or null when `closure` is not a per-item adapter's argument or the
 * parameter is an accumulator. The items of request data are request data, as a `for` over it binds.
 */
function itemSourceOf(closure: Node, ident: Node): Node | null {
  const call = closure.parent?.type === 'arguments' ? closure.parent.parent : null;
  const method = call?.type === 'call_expression' ? call.childForFieldName('function')?.childForFieldName('field')?.text : undefined;
  if (!call || !method || !isPerItemAdapter(method)) return null;
  const params = closure.childForFieldName('parameters')?.namedChildren ?? [];
  const at = params.findIndex((p) => p.startIndex <= ident.startIndex && ident.endIndex <= p.endIndex);
  // `sort_by(|a, b| ..)` compares two items; the others take one item, after the accumulator if they fold.
  const item = at >= 0 && (method === 'sort_by' || at === (ITEM_SECOND.has(method) ? 1 : 0));
  if (!item) return null;
  return methodReceiver(call);
}
