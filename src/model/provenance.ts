/**
 * What a value is, as far as who can choose it: fixed when the program was compiled (a literal, a
 * `const` / `static`, an element of a fixed list, what a fn that returns only literals returns), a
 * number (it cannot carry text), or unknown (anything else: a parameter, request data, a row).
 *
 * One answer for every rule that asks "can a user put text here?" (SQL built with `format!`) or
 * "how many times can this loop run?" (a loop over a fixed list of tables is not an N+1). Bindings
 * are followed within the fn (`let`, `for` patterns, typed parameters), calls through the crate
 * model's fns (another file's `fn unit(&self) -> &'static str { match self { .. } }`), fields
 * through the struct's declared type.
 */
import type { Node } from '../rust/parser.js';
import { NodeMemo } from '../rust/parser.js';
import { methodName, methodReceiver } from '../rust/syntax.js';
import { branchValues, CONSTANT_NAME, diverges, isConstantExpr } from './constant-values.js';
import { COMBINING_METHODS, DEFAULTING_METHODS, ITERATION_ADAPTERS, NUMERIC_METHODS, NUMERIC_TYPES, SAME_VALUE_METHODS, STR_RETURNING_METHODS, STRING_RETURNING_METHODS } from '../catalogue/values.js';
import { modelOfTree, type FileModel } from './index.js';
import { receiverType } from './summaries.js';
import { resolveBindingAt } from './bindings.js';
import type { FnRef } from './crate-index.js';

export type Provenance =
  /** Fixed when the program was compiled: literals, consts, statics, fixed lists, allow-list fns. */
  | 'constant'
  /** A number, a bool, a duration, a uuid known at run time: whatever its value, it holds no text. */
  | 'number'
  | 'unknown';

const ARITHMETIC = /^(\+|-|\*|\/|%|<<|>>|&|\||\^)$/;
const COMPARISON = /^(==|!=|<|>|<=|>=|&&|\|\|)$/;
const MAX_DEPTH = 6;

const strip = (type: string): string => type.replace(/\s+/g, '').replace(/^&(mut)?('\w+)?/, '').replace(/^Option<(.*)>$/, '$1');

/** Whether a declared type holds no text. */
export const isNumericType = (type: string): boolean => NUMERIC_TYPES.test(strip(type));

/** A `&'static [..]` (or array) of compile-time data: a fixed collection whatever its elements are. */
const STATIC_SLICE = /^(Option<)?&'static\[/;

/** A value made of two: fixed only when both are; a number when either is a run-time number. */
function combine(a: Provenance, b: Provenance): Provenance {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return a === 'number' || b === 'number' ? 'number' : 'constant';
}

export class ProvenanceOf {
  private readonly memo = new NodeMemo<Provenance>();
  private readonly model: FileModel | undefined;
  private readonly fnRef: FnRef | undefined;

  /** `scope`: the fn item or body the expressions are in (re-parsed macro arguments are matched by position). */
  constructor(private readonly scope: Node) {
    this.model = modelOfTree(scope.tree);
    let fn: Node | null = scope;
    while (fn && fn.type !== 'function_item') fn = fn.parent;
    this.fnRef = fn && this.model ? this.model.fnOf(fn) : undefined;
  }

  of(expr: Node, depth = 0): Provenance {
    const known = this.memo.get(expr);
    if (known !== undefined) return known;
    const p = depth > MAX_DEPTH ? 'unknown' : this.compute(expr, depth);
    this.memo.set(expr, p);
    return p;
  }

  /** Not an attacker's text: constant or a number. */
  fixed(expr: Node): boolean {
    return this.of(expr) !== 'unknown';
  }

  private compute(node: Node, depth: number): Provenance {
    if (isConstantExpr(node)) return 'constant';
    switch (node.type) {
      case 'identifier':
        return this.ofName(node, depth);
      case 'reference_expression':
      case 'parenthesized_expression':
      case 'unary_expression':
      case 'try_expression':
        return this.of(node.namedChildren[node.namedChildren.length - 1]!, depth + 1);
      case 'type_cast_expression':
        return isNumericType(node.childForFieldName('type')?.text ?? '') ? 'number' : this.of(node.childForFieldName('value')!, depth + 1);
      case 'binary_expression': {
        const op = node.childForFieldName('operator')?.text ?? '';
        const l = this.of(node.childForFieldName('left')!, depth + 1);
        const r = this.of(node.childForFieldName('right')!, depth + 1);
        if (COMPARISON.test(op)) return 'number';
        return ARITHMETIC.test(op) || op === '+' ? combine(l, r) : 'unknown';
      }
      case 'array_expression':
      case 'tuple_expression':
        return node.namedChildren.filter((c) => !c.type.endsWith('comment')).reduce<Provenance>((acc, c) => combine(acc, this.of(c, depth + 1)), 'constant');
      case 'if_expression':
      case 'match_expression':
      case 'block': {
        const values = branchValues(node).filter((v) => !diverges(v));
        return values.length ? values.reduce<Provenance>((acc, v) => combine(acc, this.of(v, depth + 1)), 'constant') : 'unknown';
      }
      case 'field_expression':
        return this.ofField(node, depth);
      case 'call_expression':
        return this.ofCall(node, depth);
      default:
        return 'unknown';
    }
  }

  private ofCall(call: Node, depth: number): Provenance {
    const method = methodName(call);
    const fn = call.childForFieldName('function');
    // `rand::random::<u64>()`, `s.parse::<i64>()`: the turbofish names a number type.
    const turbofish = fn?.type === 'generic_function' ? fn.childForFieldName('type_arguments')?.namedChildren ?? [] : [];
    if (turbofish.length === 1 && isNumericType(turbofish[0]!.text)) return 'number';
    if (method !== null) {
      if (NUMERIC_METHODS.test(method)) return 'number';
      const recv = methodReceiver(call);
      const args = call.childForFieldName('arguments')?.namedChildren ?? [];
      if (recv && SAME_VALUE_METHODS.has(method)) {
        const r = this.of(recv, depth + 1);
        if (r !== 'unknown' && args.every((a) => this.of(a, depth + 1) !== 'unknown')) return r;
      }
      if (recv && COMBINING_METHODS.has(method) && this.of(recv, depth + 1) === 'constant' && args.every((a) => this.of(a, depth + 1) !== 'unknown')) return 'constant';
      // `TABLE.to_uppercase()`, `name.trim()` of a fixed name: text derived from fixed text only.
      if (recv && (STR_RETURNING_METHODS.has(method) || STRING_RETURNING_METHODS.has(method)) && this.of(recv, depth + 1) === 'constant' && args.every((a) => this.of(a, depth + 1) === 'constant')) return 'constant';
      // `limit.unwrap_or(10)`: the default has the value's type, so a number stays a number.
      if (recv && DEFAULTING_METHODS.has(method)) {
        const r = this.of(recv, depth + 1);
        if (r === 'number') return 'number';
        if (r === 'constant' && args.every((a) => this.of(a, depth + 1) === 'constant')) return 'constant';
      }
    }
    return this.ofCrateFn(call);
  }

  /** A call of crate fns that each return only constants, or a number type (`fn unit(&self) -> &'static str { match .. }`). */
  private ofCrateFn(call: Node): Provenance {
    const model = this.model;
    if (!model) return 'unknown';
    let targets = call.tree === model.tree ? model.knownCallees(call) : [];
    const method = methodName(call);
    // A method whose receiver's type is unknown: every crate method of that name must agree.
    if (!targets.length && method !== null) targets = model.index.fnsNamed(model.crate, method);
    if (!targets.length) return 'unknown';
    const each = targets.map((t): Provenance => {
      const s = model.summary(t);
      if (t.fn.returnType && isNumericType(t.fn.returnType)) return 'number';
      return s.returnsConstant || t.fn.returnType === "&'static str" ? 'constant' : 'unknown';
    });
    return each.reduce(combine);
  }

  /** `self.timeout`, `cfg.limit`: the field's declared type; a field of a constant. */
  private ofField(node: Node, depth: number): Provenance {
    const object = node.childForFieldName('value');
    if (object && this.of(object, depth + 1) === 'constant') return 'constant';
    const type = this.fieldType(node);
    if (type === undefined) return 'unknown';
    if (isNumericType(type)) return 'number';
    return STATIC_SLICE.test(type) || /^&'static str$/.test(type) ? 'constant' : 'unknown';
  }

  /** The declared type of a field read (`self.a.b`, `param.x`), from the crate's structs. */
  fieldType(node: Node): string | undefined {
    const model = this.model;
    const object = node.childForFieldName('value');
    const field = node.childForFieldName('field')?.text;
    if (!model || !this.fnRef || !object || !field || !/^[\w.]+$/.test(object.text)) return undefined;
    const type = receiverType(model.index, this.fnRef, object.text);
    if (!type) return undefined;
    const structs = model.index.structsNamed(model.crate, type);
    return structs.length === 1 ? structs[0]!.struct.fields.find((f) => f.name === field)?.type : undefined;
  }

  private ofName(ident: Node, depth: number): Provenance {
    return this.ofNameAt(ident.text, ident, depth);
  }

  /** The provenance of `name` as used at `at` (`format!("{table}")`: the name inside a template). */
  ofNameAt(name: string, at: Node, depth = 0): Provenance {
    if (CONSTANT_NAME.test(name)) return 'constant';
    if (depth > MAX_DEPTH) return 'unknown';
    const binding = this.bindingOf(name, at);
    if (!binding) return 'unknown';
    switch (binding.node.type) {
      case 'let_declaration': {
        const type = binding.node.childForFieldName('type')?.text;
        if (type && isNumericType(type)) return 'number';
        const value = binding.node.childForFieldName('value');
        // `let (a, b) = ..`: every part of a fixed value is fixed.
        return value ? this.of(value, depth + 1) : 'unknown';
      }
      case 'for_expression': {
        if (binding.enumerateIndex) return 'number';
        return this.loopSource(binding.node, depth) === 'constant' ? 'constant' : 'unknown';
      }
      case 'parameter': {
        const type = binding.node.childForFieldName('type')?.text ?? '';
        if (isNumericType(type)) return 'number';
        if (STATIC_SLICE.test(type.replace(/\s+/g, ''))) return 'constant';
        // Every caller the model sees passes a constant there (`run(pool, MIGRATIONS)`).
        const param = this.fnRef?.fn.params.find((p) => p.name === name);
        return param && this.model?.model.constantArguments.alwaysConstant(this.fnRef!, param.position) ? 'constant' : 'unknown';
      }
      default:
        return 'unknown';
    }
  }

  /**
   * What a `for` loop iterates over: 'constant' for a fixed list (an array of literals, a `const` /
   * `static` list, a `&'static [..]` field, a range of constants, a `let` bound to one of them),
   * else 'data'.
   */
  loopSource(loop: Node, depth = 0): 'constant' | 'data' {
    let value = loop.childForFieldName('value');
    while (value) {
      if (value.type === 'reference_expression' || value.type === 'parenthesized_expression') value = value.namedChildren[value.namedChildren.length - 1] ?? null;
      else if (value.type === 'call_expression' && ITERATION_ADAPTERS.has(methodName(value) ?? '') && !(value.childForFieldName('arguments')?.namedChildren.length)) value = methodReceiver(value);
      else break;
    }
    if (!value) return 'data';
    // `0..3` is a fixed list; `0..pages` counts something only known at run time.
    if (value.type === 'range_expression') return value.namedChildren.every((c) => this.of(c, depth + 1) === 'constant') ? 'constant' : 'data';
    return this.of(value, depth + 1) === 'constant' ? 'constant' : 'data';
  }

  /**
   * The binding of an identifier where it is used, as this file follows it: a `let`, the `for`
   * around it (with whether the name is its `enumerate()` index) or a parameter of the fn. Which
   * binding that is, is bindings.ts's answer (Rust's scopes: a `let` of an enclosing block before
   * the use, shadowing, closures, `if let` / `match` patterns, which bind nothing this file follows).
   * `at` may come from a re-parsed macro (same rows and columns): it is looked up in the fn's tree.
   */
  bindingOf(name: string, at: Node): { node: Node; enumerateIndex: boolean } | null {
    const decl = resolveBindingAt(name, at, this.scope);
    if (!decl) return null;
    if (decl.kind === 'for') return { node: decl.node, enumerateIndex: isEnumerateIndex(decl.node, name) };
    return decl.kind === 'param' || decl.node.type === 'let_declaration' ? { node: decl.node, enumerateIndex: false } : null;
  }
}

/** `for (i, x) in xs.iter().enumerate()`: `i` counts. */
function isEnumerateIndex(loop: Node, name: string): boolean {
  if (!/\.enumerate\(\)\s*$/.test(loop.childForFieldName('value')?.text ?? '')) return false;
  const pattern = innerPattern(loop.childForFieldName('pattern'));
  const first = pattern?.namedChildren[0];
  return pattern?.type === 'tuple_pattern' && first?.type === 'identifier' && first.text === name;
}

function innerPattern(p: Node | null): Node | null {
  while (p && (p.type === 'reference_pattern' || p.type === 'mut_pattern')) p = p.namedChildren.find((c) => c.type !== 'mutable_specifier') ?? null;
  return p;
}

const perScope = new NodeMemo<ProvenanceOf>();

/** The provenance of values in the fn around `scope` (memoised per fn). */
export function provenanceIn(scope: Node): ProvenanceOf {
  let fn: Node | null = scope;
  while (fn && fn.type !== 'function_item') fn = fn.parent;
  const key = fn ?? scope;
  let p = perScope.get(key);
  if (!p) perScope.set(key, (p = new ProvenanceOf(key)));
  return p;
}
