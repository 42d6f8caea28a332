import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/ownership/ptr-arg.js';
import { runFileRule, testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: '&str and &[T] already', code: 'fn check(email: &str, items: &[Item]) -> bool {\n    !email.is_empty() && !items.is_empty()\n}\n' },
    { name: '&mut Vec that the fn pushes to', code: 'fn collect_errors(errors: &mut Vec<String>, field: &str) {\n    errors.push(format!("{field} is required"));\n}\n' },
    { name: 'trait impl: the trait fixes the signature', code: 'impl Validate for Signup {\n    fn validate(&self, email: &String) -> bool {\n        email.contains(\'@\')\n    }\n}\n' },
    { name: 'trait definition (a required method: implementors must match it)', code: 'pub trait Store {\n    fn put(&self, key: &String);\n}\n' },
    { name: 'fn used as a fn pointer over &String items', code: 'fn is_admin(name: &String) -> bool {\n    name == "admin"\n}\nfn count(names: &[String]) -> usize {\n    names.iter().filter(|n| is_admin(n)).count() + names.iter().map(is_admin).filter(|b| *b).count()\n}\n' },
    { name: 'reads the Vec capacity', code: 'fn log_buffer(buf: &Vec<u8>) {\n    tracing::debug!(cap = buf.capacity(), "buffer");\n}\n' },
    { name: 'test helper', code: '#[cfg(test)]\nmod tests {\n    fn fixture(name: &String) -> User {\n        User::new(name)\n    }\n}\n' },
    { name: 'a local type named String is not std', code: 'use crate::model::Vec;\nfn f(v: &Vec<u8>) -> usize { v.len() }\n' },
    {
      name: 'passed as a fn value in another file of the crate',
      files: { 'src/lib.rs': 'pub mod names;\npub mod report;\n', 'src/report.rs': 'use crate::names::is_admin;\npub fn admins(all: &[String]) -> usize {\n    all.iter().filter(|n| is_admin(n)).count() + all.iter().map(is_admin).count()\n}\n' },
      path: 'src/names.rs',
      code: 'pub fn is_admin(name: &String) -> bool {\n    name == "admin"\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a default method of a trait this code defines',
      code: 'pub trait Slugger {\n    fn slugs(&self, titles: &Vec<String>) -> Vec<String> {\n        titles.iter().map(|t| t.to_lowercase().replace(\' \', "-")).collect()\n    }\n}\n',
      lines: [2],
      messageIncludes: '`&[String]`',
    },
    { name: '&String param', code: 'pub async fn find_by_email(pool: &PgPool, email: &String) -> Option<User> {\n    None\n}\n', lines: [1], messageIncludes: '`email: &String`' },
    { name: '&Vec param on its own line', code: 'fn validate_items(\n    items: &Vec<LineItem>,\n) -> Result<(), ApiError> {\n    Ok(())\n}\n', lines: [2], messageIncludes: '&[LineItem]' },
    { name: '&PathBuf and &Box<dyn Trait>', code: 'use std::path::{Path, PathBuf};\nfn load(path: &PathBuf, sink: &Box<dyn Sink>) {}\n', lines: [2, 2], messageIncludes: '`&Path`' },
    { name: 'std::string::String written out, in a method', code: "impl Repo {\n    pub fn find(&self, key: &'a std::string::String) {}\n}\n", lines: [2], messageIncludes: 'key' },
    {
      name: 'another fn of the file shares the name (two impls): each is judged on its own',
      code: 'impl Users {\n    fn find(&self, email: &String) -> Option<User> { None }\n}\nimpl Orders {\n    fn find(&self, id: u64) -> Option<Order> { None }\n}\n',
      lines: [2],
    },
    {
      name: 'only called inside json!(..)',
      code: 'fn display_name(user: &String) -> String {\n    user.trim().to_string()\n}\npub async fn me(user: String) -> Json<Value> {\n    Json(json!({ "name": display_name(&user) }))\n}\n',
      lines: [1],
    },
  ],
});

describe('ownership/ptr-arg suggestions', () => {
  it('rewrites a one-line signature, every flagged parameter at once', async () => {
    const out = await runFileRule(rule, { code: 'fn f(a: &String, b: &Vec<u8>) -> usize {\n    a.len() + b.len()\n}\n' });
    expect(out.findings.map((f) => f.suggestion)).toEqual(['fn f(a: &str, b: &[u8]) -> usize {', undefined]);
  });
  it('rewrites only the parameter line of a multi-line signature, keeping the lifetime', async () => {
    const out = await runFileRule(rule, { code: "fn f<'a>(\n    pool: &PgPool,\n    name: &'a String,\n) {}\n" });
    expect(out.findings[0]!.suggestion).toBe("    name: &'a str,");
  });
  it('uses the full std path when `Path` is not imported from std', async () => {
    const out = await runFileRule(rule, { code: 'use axum::extract::Path;\nuse std::path::PathBuf;\nfn read(p: &PathBuf) {}\n' });
    expect(out.findings[0]!.suggestion).toBe('fn read(p: &std::path::Path) {}');
  });
  it('offers no suggestion when the body clones the parameter (the clone would change type)', async () => {
    const out = await runFileRule(rule, { code: 'fn own(name: &String) -> String {\n    name.clone()\n}\n' });
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.suggestion).toBeUndefined();
  });
  it('offers no suggestion when the parameter is passed on to another &Vec fn of the file', async () => {
    const out = await runFileRule(rule, { code: 'fn outer(v: &Vec<u8>) { inner(v) }\nfn inner(v: &Vec<u8>) {}\n' });
    expect(out.findings.map((f) => [f.line, f.suggestion])).toEqual([[1, undefined], [2, 'fn inner(v: &[u8]) {}']]);
  });
});
