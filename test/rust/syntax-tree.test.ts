/**
 * The plain-JavaScript trees rules read must say exactly what web-tree-sitter's own nodes say: every
 * node, in order, with its type, namedness, field, extent, position, text, parent and children.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Parser, type Node as WasmNode } from 'web-tree-sitter';
import { loadRustParser, NodeMemo, parseRust, type Node } from '../../src/rust/parser.js';
import { descendants } from '../../src/rust/syntax.js';
import { copyTree, sameNodes } from '../../src/rust/syntax-tree.js';
import { hasMemoryWalk } from '../../src/rust/tree-memory.js';

let parser: Parser;
beforeAll(async () => {
  parser = await loadRustParser();
});

interface Shape {
  type: string;
  named: boolean;
  field: string | null;
  start: number;
  end: number;
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
  text: string;
  missing: boolean;
  childCount: number;
  namedChildCount: number;
  parentType: string | null;
}

/** The getters both node APIs share (web-tree-sitter's `Node` and our `SyntaxNode`). */
type ShapeSource = Pick<Node, 'type' | 'isNamed' | 'startIndex' | 'endIndex' | 'startPosition' | 'endPosition' | 'text' | 'isMissing' | 'childCount' | 'namedChildCount'> & { parent: { type: string } | null };

function shapeOf(node: ShapeSource, field: string | null): Shape {
  return {
    type: node.type,
    named: node.isNamed,
    field,
    start: node.startIndex,
    end: node.endIndex,
    startRow: node.startPosition.row,
    startColumn: node.startPosition.column,
    endRow: node.endPosition.row,
    endColumn: node.endPosition.column,
    text: node.text,
    missing: node.isMissing,
    childCount: node.childCount,
    namedChildCount: node.namedChildCount,
    parentType: node.parent?.type ?? null,
  };
}

/** Pre-order, through web-tree-sitter's public Node API (the reference). */
function wasmShapes(node: WasmNode, field: string | null, out: Shape[]): Shape[] {
  out.push(shapeOf(node, field));
  for (let i = 0; i < node.childCount; i++) wasmShapes(node.child(i)!, node.fieldNameForChild(i), out);
  return out;
}

function copyShapes(root: Node): Shape[] {
  return [root, ...descendants(root)].map((node) => shapeOf(node, node.fieldName ?? null));
}

/** Both ways of copying (read from WASM memory, the default; a cursor walk, the fallback) against web-tree-sitter. */
function expectSameTree(source: string): void {
  const wasm = parser.parse(source)!;
  try {
    const expected = wasmShapes(wasm.rootNode, null, []);
    expect(copyShapes(copyTree(wasm, source).rootNode)).toEqual(expected);
    expect(copyShapes(copyTree(wasm, source, 'cursor').rootNode)).toEqual(expected);
    expect(copyShapes(parseRust(source, undefined, { macroArguments: false }).rootNode)).toEqual(expected);
  } finally {
    wasm.delete();
  }
}

const fixtures = path.resolve(import.meta.dirname, '../fixtures/clean-service');
const rustFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? rustFiles(path.join(dir, e.name)) : e.name.endsWith('.rs') ? [path.join(dir, e.name)] : []));

describe('syntax trees copied from tree-sitter', () => {
  it('reads trees from WASM memory', () => {
    // If a web-tree-sitter upgrade changes the layouts, results stay right (the start-up check falls
    // back to the public API) but analysis slows down.
    expect(hasMemoryWalk()).toBe(true);
  });

  it('reads broken files from memory exactly as the cursor walks them (seeded random edits of the fixtures)', () => {
    const sources = rustFiles(fixtures).map((f) => fs.readFileSync(f, 'utf8'));
    const pieces = ['{', '}', '(', ')', ';', '"', 'r#"', '/*', '//', '\n', 'fn ', '=>', '::', '<', '>', "'", '#[', 'é', '🦀', '\r\n', 'unsafe ', '.await', '?'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 200; k++) {
      let source = sources[Math.floor(random() * sources.length)]!;
      for (let e = 0; e < 1 + Math.floor(random() * 6); e++) {
        const at = Math.floor(random() * source.length);
        source = random() < 0.5 ? source.slice(0, at) + source.slice(at + Math.floor(random() * 20)) : source.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + source.slice(at);
      }
      const wasm = parser.parse(source)!;
      try {
        expect(sameNodes(copyTree(wasm, source), copyTree(wasm, source, 'cursor')), source).toBe(true);
      } finally {
        wasm.delete();
      }
    }
  });

  it('reads every Rust file of the repository from memory exactly as the cursor walks it', () => {
    const roots = ['../fixtures', '../heldout', '../heldout2', '../heldout3', '../heldout4', '../heldout5', '../heldout6', '../../examples', '../../../shared/corpus'].map((d) => path.resolve(import.meta.dirname, d)).filter((d) => fs.existsSync(d));
    const files = roots.flatMap(rustFiles);
    expect(files.length).toBeGreaterThan(200);
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      const wasm = parser.parse(source)!;
      try {
        expect(sameNodes(copyTree(wasm, source), copyTree(wasm, source, 'cursor')), file).toBe(true);
      } finally {
        wasm.delete();
      }
    }
  });

  it.each(rustFiles(fixtures).map((f) => [path.relative(fixtures, f), f]))('matches web-tree-sitter node for node: %s', (_name, file) => {
    expectSameTree(fs.readFileSync(file, 'utf8'));
  });

  it('keeps hidden tokens inside their node: raw strings, block comments, trailing blank lines', () => {
    expectSameTree('fn f() -> &str {\n    /* block */ r#"raw "quoted" text"#\n}\n\n\n');
  });

  it('counts positions in UTF-16 code units on CRLF and non-ASCII lines', () => {
    expectSameTree('// crème brûlée 🦀\r\nfn naïve(s: &str) -> String {\r\n    format!("{s} → ✓ 🦀")\r\n}\r\n');
  });

  it('keeps ERROR nodes and parser-inserted tokens of a broken file', () => {
    expectSameTree('fn broken( {\n    let x = ;\n    foo(1, 2\n}\nstruct S { a: u32\n');
  });

  it('finds the descendants of every type, ERROR included, as a walk of the tree does', () => {
    const sources = [...fs.readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.rs')).map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8')), 'fn broken( {\n    let x = ;\n}\nstruct S { a: u32\n'];
    for (const source of sources) {
      const root = parseRust(source).rootNode;
      const all = [root, ...descendants(root)];
      for (const type of new Set(all.map((n) => n.type))) expect(root.descendantsOfType(type)).toEqual(all.filter((n) => n.type === type));
      expect(root.descendantsOfType(['struct_item', 'use_declaration', 'no_such_type'])).toEqual(all.filter((n) => n.type === 'struct_item' || n.type === 'use_declaration'));
    }
  });

  it('answers the sibling, field and lookup queries rules use', () => {
    const root = parseRust('#[test]\nfn a(x: u32) -> u32 { x + 1 }\nfn b() {}\n').rootNode;
    const [a, b] = root.namedChildren.filter((n) => n.type === 'function_item');
    expect(a!.childForFieldName('name')!.text).toBe('a');
    expect(a!.childForFieldName('return_type')!.text).toBe('u32');
    expect(a!.previousSibling!.type).toBe('attribute_item');
    expect(a!.nextNamedSibling).toBe(b);
    expect(b!.previousNamedSibling).toBe(a);
    expect(root.descendantsOfType('identifier').map((n) => n.text)).toEqual(['test', 'a', 'x', 'x', 'b']);
    expect(root.descendantForPosition({ row: 1, column: 22 }).text).toBe('x');
    expect(new Set(root.descendantsOfType('identifier').map((n) => n.id)).size).toBe(5);
  });

  it('gives every node of every tree its own id', () => {
    const one = parseRust('fn a() {}').rootNode;
    const two = parseRust('fn a() {}').rootNode;
    const ids = [one, ...descendants(one), two, ...descendants(two)].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('memoises per node on the node\'s own tree (same positions in two trees do not collide)', () => {
    const memo = new NodeMemo<string>();
    const one = parseRust('fn a() {}').rootNode;
    const two = parseRust('fn a() {}').rootNode;
    memo.set(one, 'one');
    expect(memo.get(one)).toBe('one');
    expect(memo.has(two)).toBe(false);
    memo.set(two, 'two');
    expect([memo.get(one), memo.get(two), memo.get(one.firstChild!)]).toEqual(['one', 'two', undefined]);
    expect(new NodeMemo<string>().get(one)).toBeUndefined();
  });

  it('is never the key of a WeakMap in the sources (NodeMemo instead: WeakMap values outlive young-generation GCs)', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const offenders = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && /new WeakMap<(Node|Tree|SyntaxNode|SyntaxTree)\b/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
