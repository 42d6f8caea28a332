import rule from '../../../src/rules/ownership/to-owned-then-borrow.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'a real conversion of a number', code: 'fn f(id: i64) {\n    cache_key(&id.to_string());\n}\n' },
    { name: 'receiver of unknown type (a field)', code: 'fn f(body: Body) {\n    validate(&body.name.to_string());\n}\n' },
    { name: 'Vec<String>::contains needs a &String', code: 'fn allowed(tags: &[String], name: &str) -> bool {\n    tags.contains(&name.to_string())\n}\n' },
    { name: 'same-file callee takes &String', code: 'fn f(name: &str) {\n    legacy(&name.to_string());\n}\nfn legacy(s: &String) {}\n' },
    { name: 'owned copy is kept, not borrowed', code: 'fn f(name: &str) -> User {\n    User { name: name.to_string() }\n}\n' },
    { name: '&mut of a fresh copy that the callee edits', code: 'fn f(name: &str) {\n    normalize(&mut name.to_string());\n}\n' },
    { name: 'test code', code: '#[test]\nfn t() {\n    let s = "a";\n    check(&s.to_string());\n}\n' },
    {
      name: 'a field whose name the crate\'s structs type differently (one is a cheap Arc<str>)',
      files: { 'src/lib.rs': 'pub mod model;\npub mod feed;\n', 'src/model.rs': 'pub struct Channel { pub slug: String }\npub struct CachedChannel { pub slug: Arc<str> }\n' },
      path: 'src/feed.rs',
      code: `pub fn publish(row: impl Deref<Target = Channel>) -> String {
    escape_segment(&row.slug.clone())
}
`,
    },
    {
      name: 'a crate fn in another file takes &PathBuf (or pins a generic `&T`)',
      files: { 'src/lib.rs': 'pub mod store;\npub mod load;\n', 'src/store.rs': 'pub fn open_at(dir: &std::path::PathBuf) {}\npub fn digest<T: std::hash::Hash>(v: &T) -> u64 { 0 }\n' },
      path: 'src/load.rs',
      code: `use crate::store::{digest, open_at};
pub fn load(root: &std::path::Path, name: &str) -> u64 {
    open_at(&root.to_path_buf());
    digest(&name.to_string())
}
`,
    },
    {
      name: 'a fresh value copied again is redundant-clone\'s finding, not a copy of a borrowed one',
      code: `fn f() {
    require_str(&String::from("x").to_string());
    require_slice(&[String::from("x")].to_owned());
}
`,
    },
    {
      name: 'the caller pins the callee\'s types with a turbofish',
      code: `fn f(set: &Index) {
    set.lookup::<&str>(&"key".to_owned());
}
`,
    },
    {
      name: 'a lookup in a set keyed by references needs the owned key type',
      code: `fn forget(seen: &[String], name: &str) -> usize {
    let mut live: HashSet<&String> = seen.iter().collect();
    live.remove(&name.to_owned());
    live.len()
}
`,
    },
    {
      name: 'bytes copied into a String that is kept',
      code: `fn header(raw: &[u8]) -> Result<String, FromUtf8Error> {
    let owned = String::from_utf8(raw.to_vec())?;
    Ok(owned)
}
`,
    },
    {
      name: 'a String made from copied bytes, lent to a fn that wants &String',
      code: `fn check(name: &String) -> bool {
    !name.is_empty()
}
fn f(raw: &[u8]) -> bool {
    check(&String::from_utf8(raw.to_vec()).unwrap())
}
`,
    },
  ],
  invalid: [
    {
      name: 'a clone of an owned Vec lent to a crate fn taking &Vec (the source has that type already)',
      files: { 'src/lib.rs': 'pub mod tags;\npub mod routes;\n', 'src/tags.rs': 'pub fn normalize(tags: &Vec<String>) -> Vec<String> { tags.clone() }\n' },
      path: 'src/routes.rs',
      code: `use crate::tags::normalize;
pub fn create(req: NewPost) -> Vec<String> {
    let tags: Vec<String> = req.tags;
    normalize(&tags.clone())
}
`,
      lines: [4],
    },
    {
      name: 'a borrowed path, OS string or C string copied only to be lent',
      code: `use std::ffi::{CStr, OsStr};
use std::path::Path;
fn open(dir: &Path, name: &OsStr, raw: &[u8]) {
    let label = CStr::from_bytes_with_nul(raw).unwrap();
    read_config(&dir.to_path_buf());
    read_config(&dir.to_owned());
    announce(&name.to_os_string());
    log_label(&label.to_owned());
}
`,
      lines: [5, 6, 7, 8],
    },
    {
      name: 'an array literal or a slice of one made into a Vec only to be lent',
      code: `fn defaults() -> usize {
    let names = ["a", "b"];
    let some = &names[..1];
    count(&some.to_vec()) + count(&["c"].to_vec()) + count(&names.to_owned())
}
`,
      lines: [4, 4, 4],
    },
    { name: 'trimmed &str re-allocated for a &str fn', code: 'fn rename(body: &Rename) {\n    let name = body.name.trim();\n    validate_workspace_name(&name.to_string());\n}\nfn validate_workspace_name(n: &str) {}\n', lines: [3], messageIncludes: '`name`' },
    { name: '&str parameter fed to a method of another type', code: 'async fn find(pool: &PgPool, email: &str) {\n    sqlx::query("SELECT 1").bind(&email.to_owned()).execute(pool).await;\n}\n', lines: [2], messageIncludes: '.bind(..)' },
    { name: 'String::from a literal', code: 'fn f() {\n    lookup(&String::from("default"));\n}\n', lines: [2], messageIncludes: '"default"' },
    { name: 'to_vec of a slice param, borrowed', code: 'fn f(items: &[Item]) -> usize {\n    total(&items.to_vec())\n}\n', lines: [2], messageIncludes: '`items`' },
    { name: 'clone of an owned String, borrowed', code: 'fn f(token: String) {\n    verify(&token.clone());\n    store(token);\n}\n', lines: [2], messageIncludes: 'token' },
    {
      name: 'a field every struct of the crate declares as a String, on a value of unknown type',
      files: { 'src/lib.rs': 'pub mod model;\npub mod feed;\n', 'src/model.rs': 'pub struct Channel { pub slug: String, pub id: i64 }\npub struct NewChannel { pub slug: String }\n' },
      path: 'src/feed.rs',
      code: `pub fn publish(conn: &mut Conn) -> Result<String> {
    let created = conn.insert_channel()?;
    Ok(escape_segment(&created.slug.clone()))
}
`,
      lines: [3],
      messageIncludes: '`created.slug`',
    },
    { name: 'to_string().as_str()', code: 'fn f(key: &str) {\n    let k = key.to_string();\n    cache.get(key.to_string().as_str());\n}\n', lines: [3], messageIncludes: 'key' },
    {
      name: 'a lookup in a map keyed by owned strings takes the &str itself',
      code: `fn price(prices: &HashMap<String, u32>, sku: &str) -> u32 {
    let mut cache: HashMap<String, u32> = prices.clone();
    cache.remove(&sku.to_owned()).unwrap_or(0)
}
`,
      lines: [3],
    },
    {
      name: 'bytes copied into a String only to be lent as a &str',
      code: `fn parse_name(frame: &Frame) -> Result<Name, Error> {
    let text: &str = &String::from_utf8(frame.payload.to_vec())?;
    lookup(text)
}
fn log_line(buf: &[u8]) {
    write_log(&String::from_utf8(buf.to_owned()).expect("utf-8"));
}
fn write_log(line: &str) {}
`,
      lines: [2, 6],
      messageIncludes: 'std::str::from_utf8',
    },
  ],
});
