import { beforeAll, describe, expect, it } from 'vitest';
import { attachModel, CrateModel, fileFacts } from '../../src/model/index.js';
import { provenanceIn } from '../../src/model/provenance.js';
import { loadRustParser, parseRust, type Node } from '../../src/rust/parser.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** Parses the files, attaches the crate model to `path`'s tree and returns that tree's root. */
function treeOf(files: Record<string, string>, path: string): Node {
  const trees = Object.fromEntries(Object.entries(files).map(([p, src]) => [p, parseRust(src)]));
  const model = CrateModel.build(Object.entries(trees).map(([p, t]) => fileFacts(t.rootNode, p)));
  const tree = trees[path]!;
  attachModel(tree, model.forFile(path, tree));
  return tree.rootNode;
}

/** The provenance of the value of `let <name> = ..` in the file (the last one). */
function letValue(root: Node, name: string): string {
  const decl = root.descendantsOfType('let_declaration').filter((l) => l.childForFieldName('pattern')?.text === name).pop()!;
  return provenanceIn(decl).of(decl.childForFieldName('value')!);
}

/** Where `for` loop number `i` of the file iterates. */
function loopSource(root: Node, i = 0): string {
  const loop = root.descendantsOfType('for_expression')[i]!;
  return provenanceIn(loop).loopSource(loop);
}

describe('provenance: what a value is', () => {
  beforeAll(() => loadRustParser());

  it('takes a parameter as constant when every call outside tests passes a constant, through callers that pass their own on', () => {
    const files = {
      'src/main.rs': rs(`
mod jobs;
const NIGHTLY: &[&str] = &["vacuum", "reindex"];
fn main() {
    jobs::schedule(NIGHTLY, "nightly");
    jobs::run_all(&["warm"], 3);
}
#[test]
fn t() {
    let names = vec![String::from("x")];
    jobs::schedule(&names, "test");
}
`),
      'src/jobs.rs': rs(`
pub fn schedule(names: &[&str], label: &str) {
    run_all(names, label.len());
}
pub fn run_all(names: &[&str], times: usize) {
    for name in names {
        let n = name;
    }
}
pub fn by_user(user_names: Vec<String>) {
    for name in user_names {
        let u = name;
    }
}
pub fn from_args() {
    by_user(std::env::args().collect());
}
`),
    };
    const root = treeOf(files, 'src/jobs.rs');
    expect(loopSource(root, 0)).toBe('constant');
    expect(letValue(root, 'n')).toBe('constant');
    expect(loopSource(root, 1)).toBe('data');
    expect(letValue(root, 'u')).toBe('unknown');
  });

  it('follows literals, consts, fixed lists, destructuring for patterns and branches of literals', () => {
    const root = treeOf(
      {
        'src/lib.rs': rs(`
const TABLES: &[(&str, &str)] = &[("a", "x"), ("b", "y")];
fn f(flag: bool, user: String, rows: Vec<(String, String)>) {
    for &(table, column) in TABLES {
        let t = table;
        let c = column;
    }
    for (table, _) in rows {
        let r = table;
    }
    let which = if flag { "asc" } else { "desc" };
    let from_user = user.clone();
    let joined = ["a", "b"].join(", ");
}
`),
      },
      'src/lib.rs',
    );
    expect(letValue(root, 't')).toBe('constant');
    expect(letValue(root, 'c')).toBe('constant');
    expect(letValue(root, 'r')).toBe('unknown');
    expect(letValue(root, 'which')).toBe('constant');
    expect(letValue(root, 'from_user')).toBe('unknown');
    expect(letValue(root, 'joined')).toBe('constant');
    expect(loopSource(root, 0)).toBe('constant');
    expect(loopSource(root, 1)).toBe('data');
  });

  it('knows numbers by type, cast, turbofish, numeric methods and arithmetic on them', () => {
    const root = treeOf(
      {
        'src/lib.rs': rs(`
pub struct Cfg { pub wait: Duration, pub name: String }
impl Cfg {
    fn g(&self, n: u32, items: &[Item]) {
        let a = self.wait.as_secs();
        let b = rand::random::<u64>();
        let c = (n + 1) * 10;
        let d = items.len() as i64;
        let e = self.name.clone();
    }
}
`),
      },
      'src/lib.rs',
    );
    expect(letValue(root, 'a')).toBe('number');
    expect(letValue(root, 'b')).toBe('number');
    expect(letValue(root, 'c')).toBe('number');
    expect(letValue(root, 'd')).toBe('number');
    expect(letValue(root, 'e')).toBe('unknown');
  });

  it('keeps a number through a default, a constant through derived text, and skips arms that bail out', () => {
    const root = treeOf(
      {
        'src/lib.rs': rs(`
const TABLE: &str = "users";
fn g(limit: Option<String>, page: Option<u32>, sort: &str, user: Option<String>) -> anyhow::Result<()> {
    let n = limit.unwrap().parse::<i64>().unwrap_or(10);
    let p = page.unwrap_or_default();
    let t = TABLE.to_uppercase();
    let u = TABLE.trim();
    let col = match sort { "name" => "name", "age" => "age", _ => anyhow::bail!("bad sort {sort}") };
    let col2 = match sort { "name" => "name", _ => Err(Error::BadSort)? };
    let mixed = match sort { "name" => "name", _ => format!("{sort}") };
    let who = user.unwrap_or("anonymous".to_string());
    Ok(())
}
`),
      },
      'src/lib.rs',
    );
    expect(letValue(root, 'n')).toBe('number');
    expect(letValue(root, 'p')).toBe('number');
    expect(letValue(root, 't')).toBe('constant');
    expect(letValue(root, 'u')).toBe('constant');
    expect(letValue(root, 'col')).toBe('constant');
    expect(letValue(root, 'col2')).toBe('constant');
    // A `format!` arm is a value (of the user's text), not an exit.
    expect(letValue(root, 'mixed')).toBe('unknown');
    // A default does not make a user's text fixed.
    expect(letValue(root, 'who')).toBe('unknown');
  });

  it('knows a crate fn of another file that returns only literals (the allow-list idiom as a method)', () => {
    const root = treeOf(
      {
        'src/lib.rs': 'pub mod unit;\npub mod report;\n',
        'src/unit.rs': rs(`
pub enum Unit { Day, Week }
impl Unit {
    pub fn sql_name(&self) -> &str {
        match self {
            Unit::Day => "day",
            Unit::Week => unreachable!("weeks are grouped in memory"),
        }
    }
    pub fn label(&self, custom: &str) -> String {
        match self {
            Unit::Day => "day".to_string(),
            Unit::Week => custom.to_string(),
        }
    }
}
`),
        'src/report.rs': rs(`
use crate::unit::Unit;
fn r(u: Unit, custom: &str) {
    let name = u.sql_name();
    let label = u.label(custom);
}
`),
      },
      'src/report.rs',
    );
    expect(letValue(root, 'name')).toBe('constant');
    expect(letValue(root, 'label')).toBe('unknown');
  });

  it('treats a field typed as a &\'static slice as a fixed list', () => {
    const root = treeOf(
      {
        'src/lib.rs': rs(`
pub struct Step { pub statements: &'static [&'static str] }
fn run(step: &Step, names: &[String]) {
    for s in step.statements {}
    for n in names {}
    for i in 0..3 {}
    for i in 0..names.len() {}
}
`),
      },
      'src/lib.rs',
    );
    expect(loopSource(root, 0)).toBe('constant');
    expect(loopSource(root, 1)).toBe('data');
    expect(loopSource(root, 2)).toBe('constant');
    expect(loopSource(root, 3)).toBe('data');
  });

  it('follows a name to the binding Rust\'s scopes give it (bindings.ts): not a `let` of a block already closed, not an outer one a closure or match arm shadows', () => {
    const root = treeOf(
      {
        'src/lib.rs': rs(`
pub fn listing(sort: String, rows: Vec<Row>) {
    {
        let sort = "name";
        log(sort);
    }
    let ordered = format!("ORDER BY {}", sort);
    let dir = "ASC";
    let picked = rows.iter().map(|dir| dir.label()).collect::<Vec<_>>();
    let by_arm = match rows.first() { Some(dir) => dir.label(), None => String::new() };
    let fixed = dir;
}
`),
      },
      'src/lib.rs',
    );
    /** The last use of `name` on the line that contains `text`. */
    const at = (name: string, text: string) => {
      const row = rs(root.text).split('\n').findIndex((l) => l.includes(text));
      return root.descendantsOfType('identifier').filter((i) => i.text === name && i.startPosition.row === row).pop()!;
    };
    // The `sort` of the closed block is "name"; the one in scope at the format is the parameter.
    const fn = provenanceIn(root.namedChildren[0]!);
    expect(fn.ofNameAt('sort', at('sort', 'ORDER BY'))).toBe('unknown');
    expect(fn.bindingOf('sort', at('sort', 'ORDER BY'))?.node.type).toBe('parameter');
    // A closure's parameter and a match arm's binding are not the `let dir = "ASC"` before them.
    expect(fn.bindingOf('dir', at('dir', '.map(|dir|'))).toBeNull();
    expect(fn.bindingOf('dir', at('dir', 'Some(dir)'))).toBeNull();
    expect(fn.ofNameAt('dir', at('dir', 'let fixed'))).toBe('constant');
    expect(letValue(root, 'fixed')).toBe('constant');
  });
});
