import { beforeAll, describe, expect, it } from 'vitest';
import { CrateModel, fileFacts } from '../../src/model/index.js';
import { loadRustParser, parseRust, type Tree } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** The `Owner::name` of the crate fns the call to `.method(..)` in `src/main.rs` is known to call. */
function callees(files: Record<string, string>, method: string): string[] {
  const trees = new Map<string, Tree>(Object.entries(files).map(([p, s]) => [p, parseRust(s)]));
  const model = CrateModel.build([...trees].map(([p, t]) => fileFacts(t.rootNode, p)));
  const tree = trees.get('src/main.rs')!;
  const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.childForFieldName('field')?.text === method)!;
  return model.forFile('src/main.rs', tree).knownCallees(call).map((r) => `${r.fn.owner}::${r.fn.name}`);
}

const lib = `mod mailer;
mod registry;
mod ext;
`;
const mailer = `pub trait Mailer: Send + Sync {
    fn deliver(&self, to: &str) -> Result<Receipt, MailError>;
    fn name(&self) -> &str { "mailer" }
}
pub struct SmtpMailer { host: String }
impl Mailer for SmtpMailer {
    fn deliver(&self, to: &str) -> Result<Receipt, MailError> { smtp_send(&self.host, to) }
}
pub struct Receipt { pub id: String }
impl Receipt {
    pub fn archive(&self) {}
}
#[cfg(test)]
mod fakes {
    struct Fake;
    impl super::Mailer for Fake {
        fn deliver(&self, to: &str) -> Result<super::Receipt, super::MailError> { todo!() }
    }
}
`;
const registry = `use std::sync::Arc;
use crate::mailer::Mailer;
pub struct Services { pub mail: Box<dyn Mailer>, pub backup: Arc<dyn Mailer + Send> }
`;
const ext = `use std::sync::Arc;
use crate::registry::Services;
pub trait ServicesOf {
    fn services(&self) -> &Arc<Services>;
}
impl<R: Exchange + ?Sized> ServicesOf for R {
    fn services(&self) -> &Arc<Services> { self.extension().unwrap() }
}
`;

describe('a method called through a trait', () => {
  it('a field declared Box<dyn Trait> / Arc<dyn Trait> reaches the production impls, not the test double', () => {
    const main = `use crate::registry::Services;
fn send(s: &Services) {
    s.mail.deliver("a@b");
}
`;
    expect(callees({ 'src/lib.rs': lib, 'src/mailer.rs': mailer, 'src/registry.rs': registry, 'src/main.rs': main }, 'deliver')).toEqual(['SmtpMailer::deliver']);
    const backup = main.replace('s.mail.deliver', 's.backup.deliver');
    expect(callees({ 'src/lib.rs': lib, 'src/mailer.rs': mailer, 'src/registry.rs': registry, 'src/main.rs': backup }, 'deliver')).toEqual(['SmtpMailer::deliver']);
  });

  it("a trait's default method answers for impls that keep it", () => {
    const main = `use crate::mailer::Mailer;
fn label(m: &dyn Mailer) -> String {
    m.name().to_string()
}
`;
    expect(callees({ 'src/lib.rs': lib, 'src/mailer.rs': mailer, 'src/main.rs': main }, 'name')).toEqual(['Mailer::name']);
  });

  it("a concrete type whose impl of the trait declares no fn (only consts) calls the trait's default", () => {
    const jobs = `pub trait Job {
    const NAME: &'static str;
    fn enqueue(&self, conn: &mut Conn) -> Result<i64, Error> { insert_job(conn, Self::NAME) }
}
pub struct Reindex;
impl Reindex {
    pub fn new() -> Self { Reindex }
}
impl Job for Reindex {
    const NAME: &'static str = "reindex";
}
`;
    const main = `use crate::jobs::{Job, Reindex};
fn schedule(conn: &mut Conn) {
    Reindex::new().enqueue(conn).unwrap();
}
`;
    expect(callees({ 'src/lib.rs': 'mod jobs;\n', 'src/jobs.rs': jobs, 'src/main.rs': main }, 'enqueue')).toEqual(['Job::enqueue']);
    const withFn = jobs.replace('const NAME: &\'static str = "reindex";', 'const NAME: &\'static str = "reindex";\n    fn enqueue(&self, conn: &mut Conn) -> Result<i64, Error> { Ok(0) }');
    expect(callees({ 'src/lib.rs': 'mod jobs;\n', 'src/jobs.rs': withFn, 'src/main.rs': main }, 'enqueue')).toEqual(['Reindex::enqueue']);
  });

  it('a method of a blanket impl for every type with a library trait, and the type it returns', () => {
    const main = `use crate::ext::ServicesOf;
fn handle(req: &dyn Exchange) {
    let services = req.services();
    services.mail.deliver("a@b");
}
`;
    const files = { 'src/lib.rs': lib, 'src/mailer.rs': mailer, 'src/registry.rs': registry, 'src/ext.rs': ext, 'src/main.rs': main };
    expect(callees(files, 'services')).toEqual(['R::services']);
    expect(callees(files, 'deliver')).toEqual(['SmtpMailer::deliver']);
  });

  it("a let takes the declared return type of the method it calls, out of its Result once `?` or `.unwrap()` took it", () => {
    for (const value of ['s.mail.deliver("a")?', 's.mail.deliver("a").unwrap()', 's.mail.deliver("a").map_err(Wrap)?']) {
      const main = `use crate::registry::Services;
fn send(s: &Services) -> Result<(), E> {
    let receipt = ${value};
    receipt.archive();
    Ok(())
}
`;
      expect(callees({ 'src/lib.rs': lib, 'src/mailer.rs': mailer, 'src/registry.rs': registry, 'src/main.rs': main }, 'archive'), value).toEqual(['Receipt::archive']);
    }
  });

  it('a Result kept whole, a type no impl is for, and a type no bound names reach nothing', () => {
    const whole = `use crate::registry::Services;
fn send(s: &Services) {
    let receipt = s.mail.deliver("a");
    receipt.archive();
}
`;
    expect(callees({ 'src/lib.rs': lib, 'src/mailer.rs': mailer, 'src/registry.rs': registry, 'src/main.rs': whole }, 'archive')).toEqual([]);
    const other = `use crate::ext::ServicesOf;
fn handle(req: &dyn Other) {
    let services = req.services();
}
`;
    expect(callees({ 'src/lib.rs': lib, 'src/mailer.rs': mailer, 'src/registry.rs': registry, 'src/ext.rs': ext, 'src/main.rs': other }, 'services')).toEqual([]);
  });
});
