import { beforeAll, describe, expect, it } from 'vitest';
import { FnReach } from '../../src/model/reached-fns.js';
import { loadRustParser } from '../../src/rust/parser.js';
import { crateModelOf } from '../helpers/crate-model.js';
import { parse } from '../helpers/parse.js';

const fnNode = (root: ReturnType<typeof parse>, name: string) => root.descendantsOfType('function_item').find((f) => f.childForFieldName('name')?.text === name)!;

/** What the fn `name` of `path` reaches, as `file:name` (`~` when by a method's name alone). */
function reached(reach: FnReach, path: string, root: ReturnType<typeof parse>, name: string): string[] {
  const node = fnNode(root, name);
  return reach.reachedBy(reach.fnAt(path, node)!, node).map((r) => `${r.byNameOnly ? '~' : ''}${r.ref.file.path}:${r.ref.fn.owner ? `${r.ref.fn.owner}::` : ''}${r.ref.fn.name}`).sort();
}

const PROJECTS = `pub async fn archive_project(id: u64) -> u16 {
    repo::archive(id).await;
    204
}

pub struct Orders;

impl Orders {
    pub fn new() -> Self { Orders }
    pub fn place(&self, n: u32) -> u32 { n }
}

pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() { Err("empty".into()) } else { Ok(()) }
}
`;
const ADMIN = `pub async fn archive_project(id: u64) -> u16 { 200 }

pub struct Invoices;

impl Invoices {
    pub fn place(&self, n: u32) -> u32 { n + 1 }
}
`;
const LIB = 'pub mod projects;\npub mod admin;\n';

describe('the crate fns a fn reaches, by the index\'s call sites', () => {
  beforeAll(() => loadRustParser());

  it('follows `use`s and receiver types, not a name another module shares', async () => {
    const tests = `use crate::projects::{archive_project, Orders};

#[tokio::test]
async fn archives() {
    assert_eq!(archive_project(7).await, 204);
    let orders = Orders::new();
    assert_eq!(orders.place(2), 2);
}
`;
    const files = { 'src/lib.rs': `${LIB}#[cfg(test)]\nmod tests;\n`, 'src/projects.rs': PROJECTS, 'src/admin.rs': ADMIN, 'src/tests.rs': tests };
    const model = await crateModelOf(files);
    const reach = new FnReach(model);
    expect(reached(reach, 'src/tests.rs', parse(tests), 'archives')).toEqual(['src/projects.rs:Orders::new', 'src/projects.rs:Orders::place', 'src/projects.rs:archive_project']);
  });

  it('reads calls in the token trees of macros the parser leaves as tokens; a method read so reaches by name only', async () => {
    const tests = `use crate::projects::*;

#[test]
fn names_are_checked() {
    assert_err!(validate_name(""));
    assert_snapshot!(assert_ok!(crate::projects::validate_name("a")), @"()");
    assert_some!(make().place(1));
}
`;
    const files = { 'src/lib.rs': `${LIB}#[cfg(test)]\nmod tests;\n`, 'src/projects.rs': PROJECTS, 'src/admin.rs': ADMIN, 'src/tests.rs': tests };
    const reach = new FnReach(await crateModelOf(files));
    expect(reached(reach, 'src/tests.rs', parse(tests), 'names_are_checked')).toEqual(['src/projects.rs:validate_name', '~src/admin.rs:Invoices::place', '~src/projects.rs:Orders::place']);
  });

  it('reads the calls of a fn declared inside the test (a local check run per case)', async () => {
    const tests = `use super::*;

#[test]
fn names() {
    fn check(name: &str, ok: bool) {
        assert_eq!(validate_name(name).is_ok(), ok);
    }
    check("", false);
    check("a", true);
}
`;
    const files = { 'src/lib.rs': `${LIB}`, 'src/projects.rs': `${PROJECTS}\n#[cfg(test)]\nmod tests {\n${tests}}\n`, 'src/admin.rs': ADMIN };
    const reach = new FnReach(await crateModelOf(files));
    expect(reached(reach, 'src/projects.rs', parse(files['src/projects.rs']), 'names')).toEqual(['src/projects.rs:validate_name']);
  });

  it('counts a fn handed over by path (a router built in a test), not a local of the same name', async () => {
    const tests = `use crate::projects;

#[tokio::test]
async fn routes() {
    let app = Router::new().route("/projects/:id/archive", post(projects::archive_project));
    let validate_name = |s: &str| s.len();
    check(validate_name);
    send(app).await;
}
`;
    const files = { 'src/lib.rs': `${LIB}#[cfg(test)]\nmod tests;\n`, 'src/projects.rs': PROJECTS, 'src/admin.rs': ADMIN, 'src/tests.rs': tests };
    const reach = new FnReach(await crateModelOf(files));
    expect(reached(reach, 'src/tests.rs', parse(tests), 'routes')).toEqual(['src/projects.rs:archive_project']);
  });

  it('adds a test file the model did not read (an integration test calling the library by its name)', async () => {
    const api = `use shop::projects::archive_project;

#[tokio::test]
async fn archive_is_204() {
    assert_eq!(archive_project(1).await, 204);
    assert_eq!(shop::admin::archive_project(1).await, 200);
}
`;
    const manifest = '[package]\nname = "shop"\nversion = "0.1.0"\n';
    const model = await crateModelOf({ 'src/lib.rs': LIB, 'src/projects.rs': PROJECTS, 'src/admin.rs': ADMIN }, { 'Cargo.toml': manifest });
    const reach = new FnReach(model);
    const root = parse(api);
    expect(model.has('tests/api.rs')).toBe(false);
    reach.add('tests/api.rs', root);
    expect(reached(reach, 'tests/api.rs', root, 'archive_is_204')).toEqual(['src/admin.rs:archive_project', 'src/projects.rs:archive_project']);
  });
});
