import rule from '../../../src/rules/ownership/to-owned-then-borrow.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'a copy kept as a snapshot while the original changes', code: `fn diff(items: &mut Vec<Item>, extra: Item) -> usize {
    let before = items.clone();
    items.push(extra);
    changes(&before, items)
}
` },
    { name: 'a copy moved into a spawned task', code: `async fn start(mailer: Mailer) {
    let for_task = mailer.clone();
    tokio::spawn(async move { deliver(&for_task).await });
    audit(&mailer);
}
` },
    { name: 'a borrow of the copy kept in a binding while the original is moved', code: `fn entry(name: String) -> Entry {
    let copy = name.clone();
    let view = Label::new(&copy);
    store(name);
    view.into_entry()
}
` },
    { name: 'a copy used in a closure that is kept while the original is moved', code: `fn later(name: String) -> impl Fn() -> usize {
    let copy = name.clone();
    let measure = || width(&copy);
    store(name);
    measure()
}
` },
    { name: 'a copy formatted inside an async move block (captured by value, once per call of the outer closure)', code: `fn hook(prefix: &str) -> impl Fn(u32) -> Pin<Box<dyn Future<Output = String>>> {
    let prefix = prefix.to_owned();
    move |n| {
        let prefix = prefix.clone();
        Box::pin(async move { format!("{prefix}-{n}") })
    }
}
` },
    {
      name: 'a copy consumed by a crate method taking self by value',
      files: { 'src/lib.rs': `pub mod state;
pub mod routes;
`, 'src/state.rs': `pub struct Counter { pub hits: u64 }
impl Counter {
    pub fn finish(self) -> u64 { self.hits }
    pub fn peek(&self) -> u64 { self.hits }
}
` },
      path: 'src/routes.rs',
      code: `use crate::state::Counter;
pub fn trial(counter: Counter) -> u64 {
    let scratch = counter.clone();
    scratch.peek();
    scratch.finish() + counter.peek()
}
`,
    },
    { name: 'a copy passed on by value', code: `fn register(registry: &Registry, name: String) {
    let key = name.clone();
    registry.insert(key, &name);
}
` },
    { name: 'a copy of a value borrowed from a map that changes later', code: `fn rotate(slots: &mut HashMap<u32, Slot>, id: u32) {
    let current = slots.get(&id).unwrap();
    let old = current.clone();
    slots.remove(&id);
    archive(&old);
}
` },
    { name: 'a copy changed through a mutable binding', code: `fn pad(label: &str) -> usize {
    let mut copy = label.to_string();
    let wide = copy.clone();
    copy.push(' ');
    measure(&wide) + copy.len()
}
` },
    { name: 'a copy returned by an error macro without a format string', code: `fn fail(reason: Reason) -> anyhow::Error {
    let kept = reason.clone();
    announce(&reason);
    anyhow::anyhow!(kept)
}
` },
    { name: 'a real conversion of a number', code: `fn f(id: i64) {
    cache_key(&id.to_string());
}
` },
    { name: 'receiver of unknown type (a field)', code: `fn f(body: Body) {
    validate(&body.name.to_string());
}
` },
    { name: 'Vec<String>::contains needs a &String', code: `fn allowed(tags: &[String], name: &str) -> bool {
    tags.contains(&name.to_string())
}
` },
    { name: 'same-file callee takes &String', code: `fn f(name: &str) {
    legacy(&name.to_string());
}
fn legacy(s: &String) {}
` },
    { name: 'owned copy is kept, not borrowed', code: `fn f(name: &str) -> User {
    User { name: name.to_string() }
}
` },
    { name: '&mut of a fresh copy that the callee edits', code: `fn f(name: &str) {
    normalize(&mut name.to_string());
}
` },
    { name: 'test code', code: `#[test]
fn t() {
    let s = "a";
    check(&s.to_string());
}
` },
    {
      name: 'a field whose name the crate\'s structs type differently (one is a cheap Arc<str>)',
      files: { 'src/lib.rs': `pub mod model;
pub mod feed;
`, 'src/model.rs': `pub struct Channel { pub slug: String }
pub struct CachedChannel { pub slug: Arc<str> }
` },
      path: 'src/feed.rs',
      code: `pub fn publish(row: impl Deref<Target = Channel>) -> String {
    escape_segment(&row.slug.clone())
}
`,
    },
    {
      name: 'a crate fn in another file takes &PathBuf (or pins a generic `&T`)',
      files: { 'src/lib.rs': `pub mod store;
pub mod load;
`, 'src/store.rs': `pub fn open_at(dir: &std::path::PathBuf) {}
pub fn digest<T: std::hash::Hash>(v: &T) -> u64 { 0 }
` },
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
    {
      name: 'a number written out for a parameter that views text: the String is the conversion, not a copy',
      code: `use std::env;
fn export_port(port: u16) {
    env::set_var("LISTEN_PORT", port.to_string());
}
`,
    },
    {
      name: 'a copy handed to a parameter that converts it into its own type (Into consumes)',
      code: `fn tag(label: &str) -> Tag {
    Tag::named(label.to_string())
}
impl Tag {
    fn named(text: impl Into<String>) -> Tag { Tag { text: text.into() } }
}
`,
    },
    {
      name: 'a copy handed to a parameter asking for more than a view (AsRef plus Clone)',
      code: `fn queue(name: &str) {
    remember(name.to_string());
}
fn remember<S: AsRef<str> + Clone>(s: S) {}
`,
    },
    {
      name: 'text handed to a crate fn of the same name as a std one, taking a String',
      code: `fn reset(key: &str) {
    set_var(key, key.to_string());
}
fn set_var(key: &str, value: String) {}
`,
    },
    {
      name: 'a String lent to a parameter that wants a &String, not a Display',
      code: `fn note(code: ErrorCode) {
    remember(&code.to_string());
}
fn remember(text: &String) {}
`,
    },
  ],
  invalid: [
    {
      name: "a field of a struct another workspace crate declares, reached through that crate's glob re-export",
      manifests: {
        'Cargo.toml': `[workspace]
members = ["common", "proxy"]
`,
        'common/Cargo.toml': `[package]
name = "gate-common"
`,
        'proxy/Cargo.toml': `[package]
name = "gate-proxy"
[dependencies]
gate-common = { path = "../common" }
`,
      },
      files: {
        'common/src/lib.rs': 'pub mod auth;\n',
        'common/src/auth/mod.rs': 'mod state;\npub use state::*;\n',
        'common/src/auth/state.rs': `#[derive(Debug, Clone)]
pub struct UserInfo {
    pub id: u64,
    pub username: String,
}
`,
        'proxy/src/lib.rs': 'pub mod handlers;\n',
      },
      path: 'proxy/src/handlers.rs',
      code: `use gate_common::auth::UserInfo;

pub async fn forward(user_info: UserInfo, target: &Target) -> Result<Response, Error> {
    let client = authenticated_client(target, Some(&user_info.username.clone())).await?;
    client.get(target.url()).send().await
}

fn authenticated_client(target: &Target, user: Option<&str>) -> ClientBuilder {
    todo!()
}
`,
      lines: [4],
    },
    {
      name: 'a &str copied into a String only for std::env::set_var, which views any AsRef<OsStr>',
      code: `use std::env;
fn point_at(host: &str) {
    let url = host.trim();
    env::set_var("UPSTREAM_URL", url.to_string());
}
`,
      lines: [4],
      messageIncludes: 'impl AsRef<OsStr>',
    },
    {
      name: 'a copy for a crate fn whose type parameter only asks for AsRef<Path> (where clause)',
      code: `fn archive(dir: &str) -> Report {
    scan(dir.to_owned())
}
fn scan<P>(root: P) -> Report
where
    P: AsRef<std::path::Path>,
{
    Report::of(root.as_ref())
}
`,
      lines: [2],
    },
    {
      name: 'a String made of any value only to be lent to a parameter that displays it (&dyn ToString)',
      code: `pub struct Reply { body: String, status: u16 }
fn reject(reason: Reason) -> Reply {
    match reason {
        Reason::Detail(d) => Reply::text(&d.to_string(), 400),
        Reason::Other => Reply::text(&"unknown", 500),
    }
}
impl Reply {
    fn text(body: &dyn ToString, status: u16) -> Reply { Reply { body: body.to_string(), status } }
}
`,
      lines: [4],
      messageIncludes: 'only displays it',
    },
    {
      name: 'a String made only for an impl Display parameter, by value',
      code: `fn greet(user: &User) {
    banner(user.name.to_string());
}
fn banner(title: impl std::fmt::Display) {
    println!("== {title} ==");
}
`,
      lines: [2],
      messageIncludes: '&user.name',
    },
    {
      name: 'a copy of the app state only used through crate methods taking &self (declared in another file)',
      files: { 'src/lib.rs': `pub mod state;
pub mod routes;
`, 'src/state.rs': `pub struct Services { pub audit: Audit }
pub struct Audit;
impl Audit {
    pub fn record(&self, what: &str) {}
}
impl Services {
    pub fn ledger(&self) -> Ledger { Ledger }
}
` },
      path: 'src/routes.rs',
      code: `use crate::state::Services;
pub fn close(services: Services, id: u64) -> Receipt {
    finish(move || {
        let local = services.clone();
        let ledger = local.ledger();
        local.audit.record("close");
        ledger.settle(id)
    })
}
`,
      lines: [4],
    },
    {
      name: 'a copy only lent before the original is moved on',
      code: `fn announce(topic: String) -> Event {
    let shown = topic.clone();
    log_line(&shown);
    Event { topic }
}
`,
      lines: [2],
    },
    {
      name: 'a copy of a parameter only lent, in a polling loop (whatever the type costs to clone)',
      code: `async fn poll_forever(conn: &Connection) {
    loop {
        let conn = conn.clone();
        if let Err(e) = sweep(&conn, 100).await {
            warn(&e);
        }
    }
}
`,
      lines: [3],
    },
    {
      name: 'a copy of a closure parameter only read through str methods and a format macro',
      code: `fn labels(pairs: Vec<(String, u32)>) -> Vec<usize> {
    pairs
        .into_iter()
        .map(|(name, count)| {
            let shown = name.clone();
            println!("{} has {}", shown, count);
            shown.as_str().len() + name.len()
        })
        .collect()
}
`,
      lines: [5],
    },
    {
      name: 'a clone of an owned Vec lent to a crate fn taking &Vec (the source has that type already)',
      files: { 'src/lib.rs': `pub mod tags;
pub mod routes;
`, 'src/tags.rs': 'pub fn normalize(tags: &Vec<String>) -> Vec<String> { tags.clone() }\n' },
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
    { name: 'trimmed &str re-allocated for a &str fn', code: `fn rename(body: &Rename) {
    let name = body.name.trim();
    validate_workspace_name(&name.to_string());
}
fn validate_workspace_name(n: &str) {}
`, lines: [3], messageIncludes: '`name`' },
    { name: '&str parameter fed to a method of another type', code: `async fn find(pool: &PgPool, email: &str) {
    sqlx::query("SELECT 1").bind(&email.to_owned()).execute(pool).await;
}
`, lines: [2], messageIncludes: '.bind(..)' },
    { name: 'String::from a literal', code: `fn f() {
    lookup(&String::from("default"));
}
`, lines: [2], messageIncludes: '"default"' },
    { name: 'to_vec of a slice param, borrowed', code: `fn f(items: &[Item]) -> usize {
    total(&items.to_vec())
}
`, lines: [2], messageIncludes: '`items`' },
    { name: 'clone of an owned String, borrowed', code: `fn f(token: String) {
    verify(&token.clone());
    store(token);
}
`, lines: [2], messageIncludes: 'token' },
    {
      name: 'a field every struct of the crate declares as a String, on a value of unknown type',
      files: { 'src/lib.rs': `pub mod model;
pub mod feed;
`, 'src/model.rs': `pub struct Channel { pub slug: String, pub id: i64 }
pub struct NewChannel { pub slug: String }
` },
      path: 'src/feed.rs',
      code: `pub fn publish(conn: &mut Conn) -> Result<String> {
    let created = conn.insert_channel()?;
    Ok(escape_segment(&created.slug.clone()))
}
`,
      lines: [3],
      messageIncludes: '`created.slug`',
    },
    { name: 'to_string().as_str()', code: `fn f(key: &str) {
    let k = key.to_string();
    cache.get(key.to_string().as_str());
}
`, lines: [3], messageIncludes: 'key' },
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

/** A copy a format-like macro only displays (clippy::to_string_in_format_args). */
const OWN_TO_STRING = { 'src/lib.rs': 'pub mod place;\npub mod report;\n', 'src/place.rs': `pub struct Place { pub name: String }
impl Place {
    pub fn to_string(&self) -> String { format!("place {}", self.name) }
}
pub struct Zone { pub id: u32 }
impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { write!(f, "zone {}", self.id) }
}
impl Zone {
    pub fn place(&self) -> Place { Place { name: self.id.to_string() } }
}
` };

testFileRule(rule, {
  valid: [
    { name: 'Debug of the String adds quotes: not the same output', code: `fn f(id: u64) -> String {
    format!("{:?}", id.to_string())
}
` },
    { name: 'a width pads the String, not what Display of the value writes', code: `fn f(code: Status) {
    println!("{:>6}", code.to_string());
}
` },
    { name: 'the copy rendered twice', code: `fn f(path: &Path) -> String {
    format!("{0} and again {0}", path.display().to_string())
}
` },
    { name: 'a crate that writes its own to_string', code: `struct Place;
impl Place {
    fn to_string(&self) -> String { String::from("somewhere") }
}
fn f(p: &Place) {
    println!("at {}", p.to_string());
}
` },
    {
      name: 'in a crate that writes its own to_string, the receiver of that type (a call returning it, in another file)',
      files: OWN_TO_STRING,
      path: 'src/report.rs',
      code: `use crate::place::{Place, Zone};
pub fn line(zone: &Zone, p: &Place) -> String {
    let a = format!("at {}", p.to_string());
    format!("{a} in {}", zone.place().to_string())
}
`,
    },
    {
      name: 'in a crate that writes its own to_string, a receiver of unknown type',
      files: OWN_TO_STRING,
      path: 'src/report.rs',
      code: `pub fn line(item: impl Labelled) -> String {
    let label = item.label();
    format!("at {}", label.to_string())
}
`,
    },
    { name: 'a tracing field recorded as a value, not displayed', code: `fn f(user: &User) {
    tracing::info!(name = user.name.to_string(), "seen");
}
` },
    { name: 'the value itself, displayed', code: `fn f(sql: &str) -> String {
    format!("{})", sql.trim_end_matches(", "))
}
` },
  ],
  invalid: [
    { name: 'a trimmed view turned into a String for format!', code: `fn f(sql: &str) -> String {
    let out = format!(
        "{})",
        sql.trim_end_matches(", ").to_string()
    );
    out
}
`, lines: [4], messageIncludes: 'format!' },
    { name: 'write! and a named argument', code: `fn f(out: &mut String, id: Uuid) -> std::fmt::Result {
    write!(out, "id={id}", id = id.to_string())
}
`, lines: [2] },
    { name: 'a tracing template argument and a Display-sigil field', code: `fn f(peer: SocketAddr, name: &str) {
    tracing::warn!(peer = %peer.to_string(), "dropped {}", name.to_owned());
}
`, lines: [2, 2] },
    {
      name: "in a crate that writes its own to_string elsewhere: a number, and a crate type whose to_string is Display's",
      files: OWN_TO_STRING,
      path: 'src/report.rs',
      code: `use crate::place::Zone;
pub fn line(count: u32, zone: &Zone) -> String {
    let a = format!("{} places", count.to_string());
    format!("{a} in {}", zone.to_string())
}
`,
      lines: [3, 4],
      messageIncludes: 'format!',
    },
  ],
});
