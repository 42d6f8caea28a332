/**
 * One level of call following within a file: which same-file function or method a call reaches
 * (`self.balance_of(id)`, `repo.load_one(id)` with `repo: &Repo`, `self.store.find(id)`,
 * `Self::load(..)`, `load_owner(..)`), by the receiver's declared type. Syntax only: a receiver whose
 * type is not written in the file (a parameter, a `let` with a constructor, a struct field) is not
 * resolved, so a method name shared by an unrelated type never matches.
 */
import { isConstructorName, isSmartPointerType, WRAPPER_TYPES } from '../../../catalogue/values.js';
import type { Node } from '../../../rust/parser.js';
import { ancestors, calleeText, descendants, lastBefore, letsBinding, methodName, methodReceiver } from '../../../rust/syntax.js';

interface FileIndex {
  /** `Type::method` and, for free functions, `::name` -> definitions. */
  fns: Map<string, Node[]>;
  /** Struct name -> field name -> base type name. */
  fields: Map<string, Map<string, string>>;
}

/** `Arc<..>`, `web::Data<..>`, `Mutex<..>`: a wrapper (the catalogue's) and the type inside it. */
const WRAPPER = new RegExp(String.raw`^(?:[\w:]+::)?(${WRAPPER_TYPES.join('|')})\s*<\s*(.*)>$`, 's');

/** `&'a mut Arc<web::Data<UserRepo<Pg>>>` -> `UserRepo`; null for tuples, slices, `impl Trait`, `dyn Trait`. */
export function baseTypeName(type: string): string | null {
  let t = type.trim();
  for (let i = 0; i < 6; i++) {
    t = t.replace(/^&\s*('\w+\s+)?(mut\s+)?/, '').trim();
    const m = WRAPPER.exec(t);
    if (!m) break;
    t = m[2]!.trim();
  }
  const m = /^(?:[\w]+::)*([A-Z]\w*)\s*(<.*>)?$/s.exec(t);
  return m ? m[1]! : null;
}

/** The type an `impl` block is for (`impl<T> Repo<T>`, `impl Trait for Repo` -> `Repo`). */
function implTypeName(impl: Node): string | null {
  const type = impl.childForFieldName('type');
  return type ? baseTypeName(type.text) : null;
}

export class SameFileCalls {
  private index: FileIndex | null = null;

  constructor(private readonly root: Node) {}

  private build(): FileIndex {
    const fns = new Map<string, Node[]>();
    const fields = new Map<string, Map<string, string>>();
    const add = (key: string, fn: Node) => {
      const list = fns.get(key);
      if (list) list.push(fn);
      else fns.set(key, [fn]);
    };
    for (const d of descendants(this.root)) {
      if (d.type === 'function_item') {
        const name = d.childForFieldName('name')?.text;
        if (!name) continue;
        const owner = d.parent?.type === 'declaration_list' ? d.parent.parent : null;
        if (owner?.type === 'impl_item') {
          const type = implTypeName(owner);
          if (type) add(`${type}::${name}`, d);
        } else if (!owner || owner.type === 'mod_item') add(`::${name}`, d);
      } else if (d.type === 'struct_item') {
        const name = d.childForFieldName('name')?.text;
        const body = d.childForFieldName('body');
        if (!name || body?.type !== 'field_declaration_list') continue;
        const map = new Map<string, string>();
        for (const f of body.namedChildren) {
          if (f.type !== 'field_declaration') continue;
          const fname = f.childForFieldName('name')?.text;
          const ftype = f.childForFieldName('type')?.text;
          const base = ftype ? baseTypeName(ftype) : null;
          if (fname && base) map.set(fname, base);
        }
        fields.set(name, map);
      }
    }
    return { fns, fields };
  }

  /** The same-file definitions a call reaches, or [] when its target is not written in this file. */
  targets(call: Node): Node[] {
    const name = methodName(call);
    const fn = call.childForFieldName('function');
    if (!fn) return [];
    let key: string | null = null;
    if (name !== null) {
      const recv = methodReceiver(call);
      const type = recv ? this.typeOf(recv, call) : null;
      if (type) key = `${type}::${name}`;
    } else {
      const callee = calleeText(call).replace(/\s+/g, '');
      const scoped = /^(?:(\w+)::)?(\w+)$/.exec(callee);
      if (!scoped) return [];
      if (!scoped[1]) key = `::${scoped[2]}`;
      else {
        const type = scoped[1] === 'Self' ? this.enclosingImplType(call) : scoped[1];
        if (type) key = `${type}::${scoped[2]}`;
      }
    }
    if (!key) return [];
    this.index ??= this.build();
    return this.index.fns.get(key) ?? [];
  }

  private enclosingImplType(node: Node): string | null {
    for (const a of ancestors(node)) if (a.type === 'impl_item') return implTypeName(a);
    return null;
  }

  /** The declared type of a receiver: `self`, a typed parameter or `let`, a struct field of those. */
  private typeOf(expr: Node, at: Node): string | null {
    if (expr.type === 'self') return this.enclosingImplType(at);
    if (expr.type === 'field_expression') {
      const owner = expr.childForFieldName('value');
      const field = expr.childForFieldName('field')?.text;
      const ownerType = owner ? this.typeOf(owner, at) : null;
      if (!ownerType || !field) return null;
      this.index ??= this.build();
      return this.index.fields.get(ownerType)?.get(field) ?? null;
    }
    if (expr.type === 'identifier') return this.localType(expr.text, at);
    return null;
  }

  /** `x: &Repo` / `Data(x): Data<Repo>` parameters and `let x: Repo = ..` / `let x = Repo::new(..)` / `Repo { .. }`. */
  private localType(name: string, at: Node): string | null {
    const fn = [...ancestors(at)].find((a) => a.type === 'function_item');
    if (!fn) return null;
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (p.type !== 'parameter') continue;
      const pattern = p.childForFieldName('pattern');
      const type = p.childForFieldName('type')?.text ?? '';
      if (!pattern) continue;
      if (pattern.text.replace(/^mut\s+/, '') === name) return baseTypeName(type);
      // `State(repo): State<Repo>`: the extractor's inner type.
      if (pattern.type === 'tuple_struct_pattern' && pattern.namedChildren.length === 2 && pattern.namedChildren[1]!.text.replace(/^mut\s+/, '') === name) return baseTypeName(type);
    }
    const body = fn.childForFieldName('body');
    const d = body ? lastBefore(letsBinding(body, name), at.startIndex) : null;
    if (!d) return null;
    const declared = d.childForFieldName('type')?.text;
    const value = d.childForFieldName('value');
    return declared ? baseTypeName(declared) : value ? constructedType(value) : null;
  }
}

/** `Repo::new(..)`, `Repo::from_pool(..)?`, `Repo { .. }`, `Arc::new(Repo::new(..))`: the type built. */
function constructedType(value: Node): string | null {
  let v = value;
  while (v.type === 'try_expression' || v.type === 'await_expression' || v.type === 'reference_expression') v = v.namedChildren[v.namedChildren.length - 1] ?? v;
  if (v.type === 'struct_expression') return baseTypeName(v.childForFieldName('name')?.text ?? '');
  if (v.type === 'call_expression' && methodName(v) === null) {
    const callee = calleeText(v).replace(/\s+/g, '');
    const m = /^(?:\w+::)*([A-Z]\w*)::(\w+)$/.exec(callee);
    if (!m || !isConstructorName(m[2]!)) return null;
    if (isSmartPointerType(m[1]!)) {
      const inner = v.childForFieldName('arguments')?.namedChildren[0];
      return inner ? constructedType(inner) : null;
    }
    return m[1]!;
  }
  return null;
}
