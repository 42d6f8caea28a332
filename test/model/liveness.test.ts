import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBinding } from '../../src/model/bindings.js';
import { borrowHeldAt, usesAfter } from '../../src/model/liveness.js';
import { loadRustParser, parseRust, type Node } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** The `x.clone()` call on line `line` of `code` and the binding of its receiver. */
function at(code: string, line: number) {
  const root = parseRust(code).rootNode;
  const call: Node = root.descendantsOfType('call_expression').find((c) => c.startPosition.row + 1 === line && /\.clone\(\)$/.test(c.text))!;
  const receiver = call.childForFieldName('function')!.childForFieldName('value')!;
  return { call, decl: resolveBinding(receiver)! };
}

const linesAfter = (code: string, line: number) => {
  const { call, decl } = at(code, line);
  return usesAfter(decl, call).map((u) => u.node.startPosition.row + 1);
};

describe('liveness: is a binding used after a point', () => {
  it('a later use in the same path counts', () => {
    expect(linesAfter('fn f(s: String) {\n    let t = s.clone();\n    take(s);\n}\n', 2)).toEqual([3]);
  });
  it('a use in the other branch of an if or a match does not', () => {
    expect(linesAfter('fn f(s: String, b: bool) {\n    if b {\n        keep(s.clone());\n    } else {\n        take(s);\n    }\n}\n', 3)).toEqual([]);
    expect(linesAfter('fn f(s: String, n: u8) {\n    match n {\n        0 => keep(s.clone()),\n        _ => take(s),\n    }\n}\n', 3)).toEqual([]);
    // After the whole if, the value is used on both paths.
    expect(linesAfter('fn f(s: String, b: bool) {\n    if b {\n        keep(s.clone());\n    }\n    take(s);\n}\n', 3)).toEqual([5]);
  });
  it('code after a return holding the point never runs after it', () => {
    expect(linesAfter('fn f(s: String, b: bool) -> String {\n    if b {\n        return s.clone();\n    }\n    s\n}\n', 3)).toEqual([]);
  });
  it('`let _ = x;` is not a use', () => {
    expect(linesAfter('fn f(s: String) {\n    keep(s.clone());\n    let _ = s;\n}\n', 2)).toEqual([]);
  });
});

describe('liveness: is a borrow still held', () => {
  const held = (code: string, line: number) => {
    const { call, decl } = at(code, line);
    const use = borrowHeldAt(decl, call);
    return use ? use.node.startPosition.row + 1 : null;
  };
  it('a borrow in a let of the same block is held; one in an ended block is not', () => {
    expect(held('fn f(s: String) {\n    let r = &s;\n    keep(s.clone());\n    r.len();\n}\n', 3)).toBe(2);
    expect(held('fn f(s: String) {\n    {\n        let r = &s;\n    }\n    keep(s.clone());\n}\n', 5)).toBeNull();
  });
  it('a closure capturing the value holds it; a let of a plain copy does not', () => {
    expect(held('fn f(s: String) {\n    let n = || s.len();\n    keep(s.clone());\n}\n', 3)).toBe(2);
    expect(held('fn f(s: String) {\n    let n = s.len();\n    keep(s.clone());\n}\n', 3)).toBeNull();
  });
  it('a borrow passed out of an inner block into an outer let stays held', () => {
    expect(held('fn f(s: String) {\n    let u = {\n        let r = Some(&s);\n        r\n    };\n    keep(s.clone());\n}\n', 6)).toBe(3);
  });
});

describe('liveness: a borrow inside a block whose value is a new value', () => {
  const held = (code: string, line: number) => {
    const { call, decl } = at(code, line);
    const use = borrowHeldAt(decl, call);
    return use ? use.node.startPosition.row + 1 : null;
  };
  it('ends with that block, also when the block is a branch of an if whose value a let keeps', () => {
    const code = `fn f(cfg: Config, wide: bool) {
    let label = if wide {
        let name = if cfg.alias.is_empty() { &cfg.name } else { &cfg.alias };
        format!("[{name}]")
    } else {
        String::new()
    };
    publish(cfg.clone(), label);
}
`;
    expect(held(code, 8)).toBeNull();
    expect(held('fn f(s: String) {\n    let n = {\n        let r = &s;\n        check(r);\n        1\n    };\n    keep(s.clone());\n}\n', 7)).toBeNull();
  });
  it('is held when the block hands out the binding that keeps it, or the borrow itself', () => {
    expect(held('fn f(s: String) {\n    let n = {\n        let r = &s;\n        (r, 1)\n    };\n    keep(s.clone());\n}\n', 6)).toBe(3);
    expect(held('fn f(s: String, b: bool) {\n    let n = if b { &s } else { "" };\n    keep(s.clone());\n}\n', 3)).toBe(2);
  });
});

describe('liveness: a move closure', () => {
  it('holds its own copy of what it captures, not a borrow; a plain closure borrows', () => {
    const moved = `async fn f(doc: Doc) {
    let page = run(move || render(doc.id)).await;
    publish(doc.clone(), page);
}
`;
    const { call, decl } = at(moved, 3);
    expect(borrowHeldAt(decl, call)).toBeNull();
    const borrowing = moved.replace('move || render', '|| render');
    const b = at(borrowing, 3);
    expect(borrowHeldAt(b.decl, b.call)?.node.startPosition.row).toBe(1);
  });
});
