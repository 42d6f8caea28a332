import { beforeAll, describe, expect, it } from 'vitest';
import { loadRustParser, parseRust, type Node } from '../../src/rust/parser.js';
import { descendants } from '../../src/rust/syntax.js';
import { runFileRule } from '../helpers/rule-tester.js';
import ptrArg from '../../src/rules/ownership/ptr-arg.js';
import toOwnedThenBorrow from '../../src/rules/ownership/to-owned-then-borrow.js';
import unwrapInHandler from '../../src/rules/architecture/unwrap-in-handler.js';

const rust = (s: string) => s.replace(/^\n/, '');

function macroArgs(code: string, index = 0): Node[] {
  const m = parseRust(code).rootNode.descendantsOfType('macro_invocation')[index]!;
  const tt = m.children.find((c) => c.type === 'token_tree')!;
  return tt.namedChildren;
}

describe('macro arguments parsed as expressions', () => {
  beforeAll(() => loadRustParser());

  it('format-like macros: every argument, the value of a named argument, at its own line and column', () => {
    const code = rust(`
fn f() {
    let s = format!(
        "{} {n}",
        user.name.clone(),
        n = items.len(),
    );
}
`);
    const args = macroArgs(code);
    expect(args.map((a) => a.type)).toEqual(['string_literal', 'call_expression', 'identifier', 'call_expression']);
    expect(args[1]!.text).toBe('user.name.clone()');
    expect(args[1]!.startPosition).toEqual({ row: 3, column: 8 });
    expect(args[3]!.text).toBe('items.len()');
  });

  it('an argument early in a small file keeps every node under its own parent (a string inside a method chain)', () => {
    const code = `fn f() {\n    let out = format!("{}", s.t(", ").to_string());\n}\n`;
    const call = macroArgs(code)[1]!;
    expect(call.childForFieldName('function')?.childForFieldName('field')?.text).toBe('to_string');
    for (const n of descendants(call)) for (const c of n.children) expect(c.parent?.id).toBe(n.id);
  });

  it('tracing fields: `%` / `?` sigils, `target:` and field names are not expressions, their values are', () => {
    const args = macroArgs('fn f() { tracing::info!(target: "app", user = %u.name(), ?id, "done {}", n.unwrap()); }');
    const calls = args.filter((a) => a.type === 'call_expression').map((a) => a.text);
    expect(calls).toEqual(['u.name()', 'n.unwrap()']);
  });

  it('json!: values (nested objects and arrays too), never keys', () => {
    const root = parseRust('fn f() { let v = json!({"a": s.as_str(), "b": [1, x.clone()], "c": {"d": y.len()}}); }').rootNode;
    const calls = root.descendantsOfType('call_expression').map((c) => c.text);
    expect(calls).toEqual(['s.as_str()', 'x.clone()', 'y.len()']);
  });

  it('vec![x; n], assert_eq!, sqlx::query!, matches! (its expression only)', () => {
    const root = parseRust('fn f() { vec![a.clone(); n]; assert_eq!(b.len(), 2, "msg {}", c); sqlx::query!("SELECT $1", id.get()); matches!(e.kind(), Kind::A | Kind::B); }').rootNode;
    expect(root.descendantsOfType('call_expression').map((c) => c.text)).toEqual(['a.clone()', 'b.len()', 'id.get()', 'e.kind()']);
  });

  it('select!: futures, preconditions and handlers are code; patterns stay tokens', () => {
    const args = macroArgs('async fn f() { tokio::select! { biased; v = rx.recv(), if open => { drop(v) } _ = sleep(d) => break, } }');
    expect(args.map((a) => `${a.type} ${a.text}`)).toEqual(['identifier biased', 'identifier v', 'call_expression rx.recv()', 'identifier open', 'block { drop(v) }', 'call_expression sleep(d)', 'break_expression break']);
  });

  it('macros nested in arguments are parsed too', () => {
    const root = parseRust('fn f() { println!("{:?}", vec![a.to_vec(), format!("{}", b.clone())]); }').rootNode;
    expect(root.descendantsOfType('call_expression').map((c) => c.text)).toEqual(['a.to_vec()', 'b.clone()']);
  });

  it('unknown macros and macros the file defines keep their token trees', () => {
    const code = 'macro_rules! info { ($($t:tt)*) => {}; }\nfn f() { my_macro!(a.b()); info!(c.d()); info!(|| c.e()); }';
    const root = parseRust(code).rootNode;
    expect(root.descendantsOfType('call_expression')).toEqual([]);
  });

  it('an unknown macro: its closure arguments and its `=> { .. }` blocks are code, the rest stays tokens', () => {
    const code = rust(`
fn f() {
    scoped!(audit, || {
        stmt.run(a.b()).unwrap();
    });
    table!(t, Row, move |row, conn| conn.save(row));
    per_kind! { Kind::A => { queue.open() }, other => other.len() }
    gen!(x.y(), { z.w() });
}
`);
    const root = parseRust(code).rootNode;
    expect(root.descendantsOfType('closure_expression').map((c) => c.startPosition.row)).toEqual([1, 4]);
    expect(root.descendantsOfType('call_expression').map((c) => c.text)).toEqual(['stmt.run(a.b()).unwrap()', 'stmt.run(a.b())', 'a.b()', 'conn.save(row)', 'queue.open()']);
    expect(root.descendantsOfType('call_expression').find((c) => c.text === 'a.b()')!.startPosition).toEqual({ row: 2, column: 17 });
  });

  it('an unknown macro that interpolates (`#x`, `$x`) is generated code: left as tokens', () => {
    const root = parseRust('fn f() { quote!(#name, |v| v.to_string()); }').rootNode;
    expect(root.descendantsOfType('call_expression')).toEqual([]);
  });

  it('an argument that does not parse as one expression keeps its tokens; the tree stays whole', () => {
    const code = 'fn f() { println!("{}", a => b, c.len()); }';
    const tree = parseRust(code);
    expect(tree.rootNode.descendantsOfType('call_expression').map((c) => c.text)).toEqual(['c.len()']);
    // Pre-order, extents and parent links stay consistent after the graft.
    tree.nodes.forEach((n, i) => {
      expect(n.preorder).toBe(i);
      if (n.parent) expect(n.startIndex >= n.parent.startIndex && n.endIndex <= n.parent.endIndex).toBe(true);
    });
    expect([tree.rootNode, ...descendants(tree.rootNode)].length).toBe(tree.nodes.length);
  });

  it('keeps positions on CRLF and non-ASCII lines', () => {
    const code = 'fn f() {\r\n    let s = "crème 🦀";\r\n    println!("{} {}", s, t.len());\r\n}\r\n';
    const call = parseRust(code).rootNode.descendantsOfType('call_expression')[0]!;
    expect(call.text).toBe('t.len()');
    expect(call.startPosition).toEqual({ row: 2, column: 25 });
  });
});

describe('rules see macro arguments with no rule change', () => {
  beforeAll(() => loadRustParser());

  it('ptr-arg: a `&String` parameter whose only caller passes it inside json!(..)', async () => {
    const code = rust(`
fn label(name: &String) -> String {
    name.trim().to_string()
}
pub fn render(user: &User) -> Value {
    json!({ "label": label(&user.name) })
}
`);
    const out = await runFileRule(ptrArg, { code });
    expect(out.findings.map((f) => f.line)).toEqual([1]);
  });

  it('to-owned-then-borrow: a copy only borrowed, inside json!(..)', async () => {
    const code = rust(`
fn rename(body: &Rename) -> Value {
    let name = body.name.trim();
    json!({ "valid": validate_name(&name.to_string()) })
}
`);
    const out = await runFileRule(toOwnedThenBorrow, { code });
    expect(out.findings.map((f) => f.line)).toEqual([3]);
  });

  it('unwrap-in-handler: an unwrap on request data inside tracing::info!(..)', async () => {
    const code = rust(`
pub async fn show(headers: HeaderMap) -> StatusCode {
    tracing::info!(tenant = headers.get("x-tenant").unwrap().to_str().unwrap(), "request");
    StatusCode::OK
}
`);
    const out = await runFileRule(unwrapInHandler, { code });
    expect(out.findings.map((f) => f.line)).toEqual([2]);
  });

  it('unwrap-db-result-like shapes inside a project macro\'s closure argument are seen (unwrap-in-handler on request data)', async () => {
    const code = rust(`
pub async fn show(headers: HeaderMap) -> StatusCode {
    traced!(span, || {
        let tenant = headers.get("x-tenant").unwrap();
        record(tenant);
    });
    StatusCode::OK
}
`);
    const out = await runFileRule(unwrapInHandler, { code });
    expect(out.findings.map((f) => f.line)).toEqual([3]);
  });
});
