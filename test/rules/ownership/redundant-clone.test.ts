import rule from '../../../src/rules/ownership/redundant-clone.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'used afterwards', code: 'fn f(name: String) -> (User, String) {\n    let u = User { name: name.clone() };\n    (u, name)\n}\n' },
    { name: 'used afterwards inside a format macro', code: 'fn f(email: String) -> User {\n    let u = User { email: email.clone() };\n    tracing::info!("created {email}");\n    u\n}\n' },
    { name: 'reference param: the clone is how you get an owned copy', code: 'fn f(name: &String) -> User {\n    User { name: name.clone() }\n}\n' },
    { name: 'unannotated let of unknown origin (may be a reference)', code: 'fn f(cache: &Cache, id: u64) -> Option<Entry> {\n    let e = cache.get(id)?;\n    Some(e.clone())\n}\n' },
    { name: 'Arc clone moved into a task', code: 'fn f(state: Arc<AppState>) {\n    let s = state.clone();\n    tokio::spawn(async move { s.tick().await });\n}\n' },
    { name: 'clone inside a loop', code: 'fn f(template: String, n: usize) -> Vec<String> {\n    let mut out = Vec::new();\n    for _ in 0..n {\n        out.push(template.clone());\n    }\n    out\n}\n' },
    { name: 'clone inside a per-row closure', code: 'fn f(ids: &[i64], label: String) -> Vec<Row> {\n    ids.iter().map(|id| Row { id: *id, label: label.clone() }).collect()\n}\n' },
    { name: 'used later in the same statement', code: 'fn f(name: String) {\n    save(name.clone(), &name);\n}\n' },
    { name: 'test code', code: '#[test]\nfn t() {\n    let v: Vec<u8> = vec![1];\n    check(v.clone());\n}\n' },
  ],
  invalid: [
    { name: 'annotated String never used again', code: 'fn f(input: NewUser) -> User {\n    let email: String = input.email.trim().to_lowercase();\n    User { id: 1, email: email.clone() }\n}\n', lines: [3], messageIncludes: '`email`' },
    { name: 'owned Vec param passed on as a copy', code: 'async fn save(pool: &PgPool, items: Vec<Item>) -> Result<(), Error> {\n    let n = items.len();\n    repo::insert_all(pool, items.clone()).await?;\n    Ok(())\n}\n', lines: [3], messageIncludes: '`items`' },
    { name: 'owned struct param returned as a copy', code: 'fn f(req: CreateOrder) -> CreateOrder {\n    validate(&req);\n    req.clone()\n}\n', lines: [3], messageIncludes: '`req`' },
    { name: 'collected Vec cloned into a struct, then dropped', code: 'fn f(rows: &[Row]) -> Report {\n    let ids = rows.iter().map(|r| r.id).collect::<Vec<i64>>();\n    let total = ids.len();\n    Report { total, ids: ids.clone() }\n}\n', lines: [4], messageIncludes: '`ids`' },
  ],
});
