import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/ownership/ptr-arg.js';
import { runFileRule, testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: '&str and &[T] already', code: `fn check(email: &str, items: &[Item]) -> bool {
    !email.is_empty() && !items.is_empty()
}
` },
    { name: '&mut Vec that the fn pushes to', code: `fn collect_errors(errors: &mut Vec<String>, field: &str) {
    errors.push(format!("{field} is required"));
}
` },
    { name: 'trait impl: the trait fixes the signature', code: `impl Validate for Signup {
    fn validate(&self, email: &String) -> bool {
        email.contains('@')
    }
}
` },
    {
      name: '`&Box<dyn Any>`: the box is itself `Any`, so a `&dyn Any` parameter would see the box, not its contents',
      code: `fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> &str {
    payload.downcast_ref::<&str>().copied().unwrap_or("panic")
}
`,
    },
    { name: 'a fn of an extern block: the ABI fixes it', code: `extern "C" {
    fn put(key: &String);
}
` },
    { name: 'fn used as a fn pointer over &String items', code: `fn is_admin(name: &String) -> bool {
    name == "admin"
}
fn count(names: &[String]) -> usize {
    names.iter().filter(|n| is_admin(n)).count() + names.iter().map(is_admin).filter(|b| *b).count()
}
` },
    { name: 'reads the Vec capacity', code: `fn log_buffer(buf: &Vec<u8>) {
    tracing::debug!(cap = buf.capacity(), "buffer");
}
` },
    { name: 'test helper', code: `#[cfg(test)]
mod tests {
    fn fixture(name: &String) -> User {
        User::new(name)
    }
}
` },
    { name: 'a local type named String is not std', code: `use crate::model::Vec;
fn f(v: &Vec<u8>) -> usize { v.len() }
` },
    {
      name: 'passed as a fn value in another file of the crate',
      files: { 'src/lib.rs': `pub mod names;
pub mod report;
`, 'src/report.rs': `use crate::names::is_admin;
pub fn admins(all: &[String]) -> usize {
    all.iter().filter(|n| is_admin(n)).count() + all.iter().map(is_admin).count()
}
` },
      path: 'src/names.rs',
      code: `pub fn is_admin(name: &String) -> bool {
    name == "admin"
}
`,
    },
    {
      name: 'searched for in a collection of owners (`[String]::contains` takes `&String`)',
      code: `fn is_reserved(reserved: &[String], slug: &String) -> bool {
    reserved.contains(slug)
}
`,
    },
    {
      name: 'handed to a closure parameter typed `&Vec<T>` (impl Fn, dyn Fn, a generic bound)',
      code: `fn notify(batch: &Vec<Job>, send: impl Fn(&Vec<Job>)) {
    send(batch);
}
fn audit(batch: &Vec<Job>, log: &dyn Fn(&Vec<Job>) -> bool) -> bool {
    log(batch)
}
fn retry<F>(batch: &Vec<Job>, again: F) where F: FnMut(&Vec<Job>) {
    let mut again = again;
    again(batch);
}
`,
    },
    {
      name: 'handed on to a fn of the crate that takes `&Vec<T>`: that fn is the one to change first',
      code: `fn summary(rows: &Vec<Row>) -> String {
    render(rows)
}
fn render(rows: &Vec<Row>) -> String {
    format!("{} rows, {} spare", rows.len(), rows.capacity() - rows.len())
}
`,
    },
    {
      name: 'handed to a generic parameter of a crate fn (`&T` would become a slice type)',
      code: `fn store(key: &String) -> u64 {
    fingerprint(key)
}
fn fingerprint<T: std::hash::Hash>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    std::hash::Hasher::finish(&h)
}
`,
    },
    {
      name: 'an unused parameter of a stub (\`_rows\`, or only bound to a \`_name\`)',
      code: `fn export(_rows: &Vec<Row>) {
    todo!()
}
fn import(rows: &Vec<Row>, name: &String) {
    let _pending = rows;
    let _label = name;
    unimplemented!()
}
`,
    },
  ],
  invalid: [
    { name: 'a required method of a trait this code defines (the author picks the signature)', code: `pub trait Store {
    fn put(&self, key: &String);
}
`, lines: [2] },
    {
      name: '`contains` on a string takes a pattern: a `&str` serves',
      code: `fn mentions(body: &str, handle: &String) -> bool {
    body.contains(handle)
}
`,
      lines: [1],
    },
    {
      name: 'a set or map lookup takes any borrowed form of its key: `BTreeSet<String>::contains(&str)` serves',
      code: `fn is_known(tag: &String, names: &[String]) -> bool {
    let known: BTreeSet<String> = names.iter().cloned().collect();
    known.contains(tag)
}
`,
      lines: [1],
    },
    {
      name: 'an unused `&Box<T>` is still a double indirection',
      code: `fn render(_widget: &Box<dyn Widget>) {}
`,
      lines: [1],
    },
    {
      name: 'handed to a crate fn that takes a slice',
      code: `fn total(prices: &Vec<u64>) -> u64 {
    sum(prices)
}
fn sum(values: &[u64]) -> u64 {
    values.iter().sum()
}
`,
      lines: [1],
    },
    {
      name: 'a default method of a trait this code defines',
      code: `pub trait Slugger {
    fn slugs(&self, titles: &Vec<String>) -> Vec<String> {
        titles.iter().map(|t| t.to_lowercase().replace(' ', "-")).collect()
    }
}
`,
      lines: [2],
      messageIncludes: '`&[String]`',
    },
    { name: '&String param', code: `pub async fn find_by_email(pool: &PgPool, email: &String) -> Option<User> {
    None
}
`, lines: [1], messageIncludes: '`email: &String`' },
    { name: '&Vec param on its own line', code: `fn validate_items(
    items: &Vec<LineItem>,
) -> Result<(), ApiError> {
    Ok(())
}
`, lines: [2], messageIncludes: '&[LineItem]' },
    { name: '&PathBuf and &Box<dyn Trait>', code: `use std::path::{Path, PathBuf};
fn load(path: &PathBuf, sink: &Box<dyn Sink>) {}
`, lines: [2, 2], messageIncludes: '`&Path`' },
    { name: 'std::string::String written out, in a method', code: `impl Repo {
    pub fn find(&self, key: &'a std::string::String) {}
}
`, lines: [2], messageIncludes: 'key' },
    {
      name: 'another fn of the file shares the name (two impls): each is judged on its own',
      code: `impl Users {
    fn find(&self, email: &String) -> Option<User> { None }
}
impl Orders {
    fn find(&self, id: u64) -> Option<Order> { None }
}
`,
      lines: [2],
    },
    {
      name: 'only called inside json!(..)',
      code: `fn display_name(user: &String) -> String {
    user.trim().to_string()
}
pub async fn me(user: String) -> Json<Value> {
    Json(json!({ "name": display_name(&user) }))
}
`,
      lines: [1],
    },
  ],
});

describe('ownership/ptr-arg suggestions', () => {
  it('rewrites a one-line signature, every flagged parameter at once', async () => {
    const out = await runFileRule(rule, { code: `fn f(a: &String, b: &Vec<u8>) -> usize {
    a.len() + b.len()
}
` });
    expect(out.findings.map((f) => f.suggestion)).toEqual(['fn f(a: &str, b: &[u8]) -> usize {', undefined]);
  });
  it('rewrites only the parameter line of a multi-line signature, keeping the lifetime', async () => {
    const out = await runFileRule(rule, { code: `fn f<'a>(
    pool: &PgPool,
    name: &'a String,
) {}
` });
    expect(out.findings[0]!.suggestion).toBe("    name: &'a str,");
  });
  it('uses the full std path when `Path` is not imported from std', async () => {
    const out = await runFileRule(rule, { code: `use axum::extract::Path;
use std::path::PathBuf;
fn read(p: &PathBuf) {}
` });
    expect(out.findings[0]!.suggestion).toBe('fn read(p: &std::path::Path) {}');
  });
  it('offers no suggestion when the body clones the parameter (the clone would change type)', async () => {
    const out = await runFileRule(rule, { code: `fn own(name: &String) -> String {
    name.clone()
}
` });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.suggestion).toBeUndefined();
  });
  it('reports only the innermost fn when the parameter is passed on to another &Vec fn of the file', async () => {
    const out = await runFileRule(rule, { code: `fn outer(v: &Vec<u8>) { inner(v) }
fn inner(v: &Vec<u8>) {}
` });
    expect(out.findings.map((f) => [f.line, f.suggestion])).toEqual([[2, 'fn inner(v: &[u8]) {}']]);
  });
});
