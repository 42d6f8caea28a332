/**
 * How SQL text was built (reference P6/P7 + local taint): follow a sink's SQL argument through
 * `&`, `.as_str()`, local `let`s, `push_str`, `+=`, `write!` and `format!` / `+` concatenation, and
 * sort every interpolated piece into safe (literal, constant, number, `$n` placeholder, a value picked
 * from an allow-list `match`), an identifier position (`ORDER BY {col}`, `FROM {table}`, `LIMIT {n}`)
 * or a value position (`= {id}`, `'%{q}%'`).
 *
 * The facts come from the model: what a value is (provenance.ts: literals, consts, numbers, allow-list
 * `match`es and fns, another file's `fn as_sql(&self) -> &'static str`), which binding a name is
 * (bindings.ts), how a string was built (string-building.ts). What stays here is the database role's
 * judgement: where in the SQL a piece lands, and that a helper's SQL or a list of generated `$n` / `?`
 * placeholders is safe to splice.
 */
import type { Node } from '../../../rust/parser.js';
import { modelOfTree } from '../../../model/index.js';
import { provenanceIn } from '../../../model/provenance.js';
import { resolveBindingAt, type Declaration } from '../../../model/bindings.js';
import { isSqlSafetyAssertion } from '../../../catalogue/database.js';
import { givesReceiverText, isSameTextConversion } from '../../../catalogue/values.js';
import { returnsOf, tailsOf } from '../../../model/constant-values.js';
import { calledFunction } from '../../../model/fn-items.js';
import { stringBuildingSteps } from '../../../model/string-building.js';
import { formatPlaceholders, templateText } from '../../../model/format-args.js';
import { macroName } from '../../../rust/macros.js';
import { methodName, methodReceiver, stringValue } from '../../../rust/syntax.js';

export type PieceKind = 'value' | 'identifier';

export interface TaintSite {
  /** Where the unsafe text enters the SQL (the `format!`, the `+`, the `push_str`). */
  site: Node;
  kind: PieceKind;
  names: string[];
  /** Literal SQL text seen around the site (to tell SQL from other strings). */
  sqlText: string;
}

export interface TaintContext {
  /** The enclosing function body: where local bindings are looked up. */
  scope: Node;
  reparse(macro: Node): Node[];
  /** How many same-file helpers deep this analysis is (see `builtByCleanHelper`). */
  helperDepth?: number;
}

const IDENT_POSITION = /(ORDER\s+BY|GROUP\s+BY|PARTITION\s+BY|FROM|JOIN|INTO|UPDATE|TABLE|ON\s+CONFLICT\s*\(|RETURNING|SELECT|DISTINCT|LIMIT|OFFSET|INTERVAL|,\s*)\s*$|ORDER\s+BY\s+[\w."]+\s*$|\b(AS|ASC|DESC)\s*$/i;

/** Strips `&x`, `*x`, `x.as_str()`, `AssertSqlSafe(x)`, `String::from(x)`, `(x)`. */
export function unwrapSqlArg(node: Node): Node {
  let cur = node;
  for (;;) {
    if (cur.type === 'reference_expression' || cur.type === 'unary_expression' || cur.type === 'parenthesized_expression') {
      const inner = cur.namedChildren[cur.namedChildren.length - 1];
      if (!inner) return cur;
      cur = inner;
    } else if (cur.type === 'call_expression' && givesReceiverText(methodName(cur) ?? '') && !(cur.childForFieldName('arguments')?.namedChildren.length)) {
      cur = methodReceiver(cur)!;
    } else if (cur.type === 'call_expression' && (isSameTextConversion(cur.childForFieldName('function')?.text ?? '') || isSqlSafetyAssertion(cur.childForFieldName('function')?.text ?? ''))) {
      const arg = cur.childForFieldName('arguments')?.namedChildren[0];
      if (!arg) return cur;
      cur = arg;
    } else return cur;
  }
}

export class SqlTaint {
  private seen = new Set<number>();
  readonly sites: TaintSite[] = [];
  /** Literal SQL gathered along the way. */
  text = '';

  constructor(private readonly ctx: TaintContext) {}

  /**
   * Analyses the SQL expression reaching a sink at `use` (the sink call). `preceding` is SQL text the
   * sink already holds before this expression (a QueryBuilder's earlier pushes).
   */
  analyze(expr: Node, use: Node, depth = 0, preceding = ''): void {
    if (depth > 4) return;
    const node = unwrapSqlArg(expr);
    const literal = stringValue(node);
    if (literal !== null) {
      this.text += literal;
      return;
    }
    if (node.type === 'macro_invocation') {
      const name = macroName(node);
      if (/(^|::)format$/.test(name)) this.formatSite(node, preceding);
      else if (/(^|::)concat$/.test(name)) this.text += node.text;
      return;
    }
    if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+') {
      this.concatSite(node, preceding);
      return;
    }
    if (node.type === 'identifier') this.followBinding(node, use, depth);
  }

  /** `let sql = ..; sql.push_str(..); sql += ..; sql = ..; write!(sql, ..)` before `use` (the model's steps), in order. */
  private followBinding(ident: Node, use: Node, depth: number): void {
    const before = use.startIndex;
    const name = ident.text;
    for (const e of stringBuildingSteps(this.ctx.scope, ident, before, this.ctx.reparse)) {
      if (this.seen.has(e.id)) continue;
      this.seen.add(e.id);
      if (e.type === 'let_declaration') {
        const value = e.childForFieldName('value');
        if (value) this.analyze(value, use, depth + 1);
      } else if (e.type === 'call_expression') {
        const arg = e.childForFieldName('arguments')?.namedChildren[0];
        if (arg) this.piece(arg, e, this.text);
      } else if (e.type === 'macro_invocation') {
        const args = this.ctx.reparse(e);
        const fmt = args[1];
        if (fmt) this.formatArgs(e, args.slice(1), this.text);
      } else {
        const right = e.childForFieldName('right');
        if (!right) continue;
        const r = unwrapSqlArg(right);
        if (r.type === 'binary_expression' && r.text.startsWith(name)) this.concatSite(r, this.text);
        else this.piece(right, e, this.text);
      }
    }
  }

  /** One piece appended to the SQL (a `push_str` argument, a `+` operand). */
  private piece(expr: Node, site: Node, preceding: string): void {
    const node = unwrapSqlArg(expr);
    const literal = stringValue(node);
    if (literal !== null) {
      this.text += literal;
      return;
    }
    if (node.type === 'macro_invocation' && /(^|::)format$/.test(macroName(node))) {
      this.formatSite(node, preceding);
      return;
    }
    if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+') {
      this.concatSite(node, preceding);
      return;
    }
    const kind = this.classify(node, preceding, '');
    if (kind) this.sites.push({ site, kind, names: [shortName(node)], sqlText: preceding });
  }

  private concatSite(bin: Node, preceding: string): void {
    const parts: Node[] = [];
    const flatten = (n: Node) => {
      const u = unwrapSqlArg(n);
      if (u.type === 'binary_expression' && u.childForFieldName('operator')?.text === '+') {
        flatten(u.childForFieldName('left')!);
        flatten(u.childForFieldName('right')!);
      } else parts.push(n);
    };
    flatten(bin);
    let text = preceding;
    const found: { kind: PieceKind; name: string }[] = [];
    parts.forEach((p, i) => {
      const u = unwrapSqlArg(p);
      const lit = stringValue(u);
      if (lit !== null) {
        text += lit;
        return;
      }
      if (u.type === 'macro_invocation' && /(^|::)format$/.test(macroName(u))) {
        this.formatSite(u, text);
        text += 'x';
        return;
      }
      if (i === 0 && u.type === 'identifier') {
        // `sql + ".."`: the running SQL itself.
        text += 'x';
        return;
      }
      const following = stringValue(unwrapSqlArg(parts[i + 1] ?? p)) ?? '';
      const kind = this.classify(u, text, following);
      if (kind) found.push({ kind, name: shortName(u) });
      text += 'x';
    });
    this.text += text.slice(preceding.length);
    if (found.length) this.sites.push({ site: bin, kind: found.some((f) => f.kind === 'value') ? 'value' : 'identifier', names: found.map((f) => f.name), sqlText: text });
  }

  private formatSite(invocation: Node, preceding: string): void {
    this.formatArgs(invocation, this.ctx.reparse(invocation), preceding);
  }

  /** `format!("..{a}..{}..", b)` / `write!(s, ..)` arguments: the template first (what each placeholder renders is model/format-args.ts's). */
  private formatArgs(invocation: Node, args: Node[], preceding: string): void {
    const template = stringValue(args[0] ?? null);
    if (template === null) return;
    const sql = template.replace(/\\\r?\n\s*/g, ' ');
    const found: { kind: PieceKind; name: string }[] = [];
    let text = '';
    let last = 0;
    for (const p of formatPlaceholders(sql, args.slice(1))) {
      text += templateText(sql.slice(last, p.index));
      last = p.index + p.text.length;
      const following = sql.slice(last, last + 40);
      const expr = p.arg ? unwrapSqlArg(p.arg) : null;
      const kind = expr ? this.classify(expr, preceding + text, following, invocation) : p.name ? this.classifyName(p.name, invocation, preceding + text, following) : null;
      if (kind) found.push({ kind, name: expr ? shortName(expr) : p.name! });
      text += 'x';
    }
    text += templateText(sql.slice(last));
    this.text += text;
    if (found.length) this.sites.push({ site: invocation, kind: found.some((f) => f.kind === 'value') ? 'value' : 'identifier', names: found.map((f) => f.name), sqlText: text });
  }

  /**
   * null when the piece is safe; else where it lands in the SQL. `anchor` is a node of the original
   * tree at the piece (re-parsed macro arguments live in another tree).
   */
  classify(node: Node, preceding: string, following: string, anchor: Node = node): PieceKind | null {
    // Fixed at compile time or a number (the model follows bindings, consts, allow-list fns and
    // `-> &'static str` methods of the crate, field types).
    if (provenanceIn(this.ctx.scope).fixed(node)) return null;
    if (node.type === 'identifier') return this.classifyName(node.text, node, preceding, following);
    // `conditions.join(" AND ")`: the parts were pushed earlier; judge (and report) each push.
    if (node.type === 'call_expression' && /^(join|concat)$/.test(methodName(node) ?? '')) {
      const recv = methodReceiver(node);
      if (recv?.type === 'identifier') {
        this.followBinding(recv, anchor, 1);
        return null;
      }
    }
    return position(preceding, following);
  }

  classifyName(name: string, at: Node, preceding: string, following: string): PieceKind | null {
    if (provenanceIn(this.ctx.scope).ofNameAt(name, at) !== 'unknown') return null;
    const binding = resolveBindingAt(name, at, this.ctx.scope);
    const value = binding?.kind === 'let' ? binding.value : null;
    if (value && isPlaceholderList(value)) return null;
    // `let clause = format!("email = '{}'", q.email);` then `WHERE {clause}`: judge (and report) the
    // inner format where the value enters; the outer interpolation is as safe as it is.
    const inner = value ? unwrapSqlArg(value) : null;
    if (binding && inner && ((inner.type === 'macro_invocation' && /(^|::)format$/.test(macroName(inner))) || (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '+'))) {
      if (!this.seen.has(binding.node.id)) {
        this.seen.add(binding.node.id);
        const text = this.text;
        if (inner.type === 'macro_invocation') this.formatSite(inner, preceding);
        else this.concatSite(inner, preceding);
        this.text = text + this.text.slice(text.length);
      }
      return null;
    }
    if (binding && this.builtByCleanHelper(binding)) return null;
    return position(preceding, following);
  }

  /**
   * `let (where_sql, params) = where_clause(&filter);` (or `let sql = where_clause(..)`) where this
   * file's `where_clause` returns, in that position, SQL built only from literals, `$n` placeholder
   * numbers and other safe pieces: the helper is analysed as the sink's own code would be.
   */
  private builtByCleanHelper(binding: Declaration): boolean {
    const depth = this.ctx.helperDepth ?? 0;
    if (depth >= 2) return false;
    const bound = boundByCall(binding);
    const model = modelOfTree(this.ctx.scope.tree);
    const fn = bound && model ? calledFunction(bound.call, model) : null;
    const body = fn?.childForFieldName('body');
    if (!bound || !body) return false;
    const returned: Node[] = [];
    for (const tail of [...tailsOf(body), ...returnsOf(body)]) {
      if (bound.index < 0) returned.push(tail);
      else if (tail.type === 'tuple_expression' && tail.namedChildren[bound.index]) returned.push(tail.namedChildren[bound.index]!);
      else return false;
    }
    return (
      returned.length > 0 &&
      returned.every((expr) => {
        const inner = new SqlTaint({ scope: body, reparse: this.ctx.reparse, helperDepth: depth + 1 });
        inner.analyze(expr, expr);
        return !inner.sites.length;
      })
    );
  }
}

/** Where an interpolated piece lands, from the SQL text around it; null for a `$n` placeholder number. */
export function position(preceding: string, following: string): PieceKind | null {
  if (/\$$/.test(preceding)) return null; // `${}`: a generated `$n` placeholder number
  if (((preceding.match(/'/g)?.length ?? 0) % 2) === 1) return 'value';
  if (IDENT_POSITION.test(preceding) || /^\s*(ASC|DESC|NULLS)\b/i.test(following)) return 'identifier';
  return 'value';
}

/**
 * `(1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")` (or of `"?"`): a list of
 * generated placeholders, which carries no value into the SQL text.
 */
function isPlaceholderList(value: Node): boolean {
  return /format!\(\s*"\$\{|"\$\{\}"|"\?"/.test(value.text) && /\.join\(/.test(value.text);
}

function shortName(node: Node): string {
  const t = node.text.replace(/\s+/g, '');
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

/** A `let` binding a name to a call (`let sql = where_clause(..)?`), alone (index -1) or as the index-th of a tuple. */
function boundByCall(binding: Declaration): { call: Node; index: number } | null {
  if (binding.node.type !== 'let_declaration') return null;
  const value = binding.value;
  const call = value?.type === 'try_expression' ? value.namedChildren[0] : value;
  if (call?.type !== 'call_expression') return null;
  if (binding.kind === 'let') return { call, index: -1 };
  const pattern = binding.node.childForFieldName('pattern');
  const index = pattern?.type === 'tuple_pattern' ? pattern.namedChildren.findIndex((c) => c.id === binding.ident.id || (c.type === 'mut_pattern' && c.namedChildren.some((x) => x.id === binding.ident.id))) : -1;
  return index >= 0 ? { call, index } : null;
}
