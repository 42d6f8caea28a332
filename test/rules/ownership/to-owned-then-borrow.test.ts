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
  ],
  invalid: [
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
  ],
});
