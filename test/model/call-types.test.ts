import { beforeAll, describe, expect, it } from 'vitest';
import { CrateModel, fileFacts } from '../../src/model/index.js';
import { loadRustParser, parseRust, type Tree } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** What the model says of the `let` named `name` in `src/api.rs`. */
function letValue(files: Record<string, string>, name: string) {
  const trees = new Map<string, Tree>(Object.entries(files).map(([p, s]) => [p, parseRust(s)]));
  const model = CrateModel.build([...trees].map(([p, t]) => fileFacts(t.rootNode, p)));
  const tree = trees.get('src/api.rs')!;
  const decl = tree.rootNode.descendantsOfType('let_declaration').find((l) => l.childForFieldName('pattern')?.text === name)!;
  return model.forFile('src/api.rs', tree).letValue(decl);
}

const lib = `pub mod pool;
pub mod report;
pub mod api;
`;
const pool = `pub async fn offload<F, T>(job: F) -> anyhow::Result<T>
where
    F: FnOnce() -> anyhow::Result<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(job).await?
}
pub fn first<T, F: FnOnce() -> Option<T>>(f: F) -> T { f().unwrap() }
`;
const report = `use std::sync::Arc;
pub struct Summary { pub title: String, pub lines: Vec<Line>, pub when: Stamp }
pub struct Line { pub n: u32 }
pub struct Stamp { pub secs: i64 }
impl Summary {
    pub fn build(db: &Db, id: i64) -> anyhow::Result<Option<Summary>> { todo!() }
    pub fn shared(&self) -> Arc<Summary> { todo!() }
    pub fn title_of(&self) -> &Stamp { &self.when }
}
`;

describe("the value a let binds from a call, from the callee's declared return type", () => {
  it("a generic crate fn handing back what its closure returns: the closure's call, out of its layers; a struct of another file with a String is heavy", () => {
    const api = `use crate::pool::offload;
use crate::report::Summary;
pub async fn show(db: Db, id: i64) -> anyhow::Result<()> {
    let summary = offload({
        let db = db.clone();
        move || {
            let conn = db.conn()?;
            Summary::build(&conn, id)
        }
    })
    .await?
    .ok_or(NotFound)?;
    Ok(())
}
`;
    expect(letValue({ 'src/lib.rs': lib, 'src/pool.rs': pool, 'src/report.rs': report, 'src/api.rs': api }, 'summary')).toEqual({ type: 'Summary', borrowed: false, cost: 'heavy' });
  });

  it("tokio's spawn_blocking joined with `?`: what its closure returns", () => {
    const api = `use crate::report::Summary;
pub async fn show(db: Db, id: i64) -> anyhow::Result<()> {
    let summary = tokio::task::spawn_blocking(move || Summary::build(&db, id)).await??.unwrap();
    Ok(())
}
`;
    expect(letValue({ 'src/lib.rs': lib, 'src/report.rs': report, 'src/api.rs': api }, 'summary')?.cost).toBe('heavy');
  });

  it('a shared pointer is cheap to clone, a borrow is a borrow, a struct of plain numbers is cheap', () => {
    const api = `use crate::report::Summary;
pub fn show(db: &Db, s: &Summary) {
    let shared = s.shared();
    let stamp = s.title_of();
    let cells = crate::pool::first(|| Some(s.lines.len()));
}
`;
    const files = { 'src/lib.rs': lib, 'src/pool.rs': pool, 'src/report.rs': report, 'src/api.rs': api };
    expect(letValue(files, 'shared')).toEqual({ type: 'Arc<Summary>', borrowed: false, cost: 'cheap' });
    expect(letValue(files, 'stamp')).toEqual({ type: '&Stamp', borrowed: true, cost: 'cheap' });
    // The closure's value is a library call: nothing known.
    expect(letValue(files, 'cells')).toBeUndefined();
  });

  it('a Result kept whole is not its Ok value', () => {
    const api = `use crate::report::Summary;
pub fn show(db: &Db) {
    let attempt = Summary::build(db, 1);
}
`;
    expect(letValue({ 'src/lib.rs': lib, 'src/report.rs': report, 'src/api.rs': api }, 'attempt')).toBeUndefined();
  });
});
