import rule from '../../../src/rules/ownership/redundant-clone.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'a copy iterated: the iterator would keep the original borrowed',
      code: `pub fn drain_into(queue: Vec<Job>, out: &mut Vec<Job>) {
    let mut q = queue;
    for job in q.clone().iter() {
        q.retain(|j| j.id != job.id);
        out.push(job.clone());
    }
}
`,
    },
    {
      name: 'a copy of a crate type whose method of the same name may take it by value',
      code: `pub fn merged(a: Segments, b: &Segments) -> Segments {
    let joined = a.clone().join(b);
    joined.compact(&a)
}
`,
    },
    {
      name: 'a copy mutated by the method (push_str needs its own String)',
      code: `pub fn shout(greeting: String) -> (String, String) {
    let mut loud = greeting.clone();
    loud.push_str("!");
    (greeting, loud)
}
`,
    },
    {
      name: 'a Copy unit struct value: its clone is a copy of nothing',
      code: `#[derive(Clone, Copy)]
struct Tick;

fn pulse(tx: Sender<Tick>) {
    let t = Tick;
    tx.send(t.clone());
}
`,
    },
    {
      name: 'a copy only lent, but the value is used afterwards',
      code: `fn audit(entry: AuditEntry, log: &mut AuditLog) -> AuditEntry {
    log.record(&entry.clone());
    entry
}
`,
    },
    {
      name: 'a copy lent mutably: the callee changes the copy, not the value',
      code: `fn preview(mut draft: Draft) {
    render(&mut draft.clone());
}
`,
    },
    {
      name: 'a copy only lent, the value moved into a closure that uses it',
      code: `fn schedule(job: Job, runner: &Runner) {
    runner.submit(&job.clone(), move || job.run());
}
`,
    },
    {
      name: 'an if-let scrutinee copy of a value used again afterwards',
      code: `pub fn mailer(relay: Option<RelayConfig>) -> (Mailer, Option<RelayConfig>) {
    let builder = if let Some(r) = relay.clone() { Mailer::builder().relay(r) } else { Mailer::builder() };
    (builder.build(), relay)
}
`,
    },
    { name: 'used afterwards', code: `fn f(name: String) -> (User, String) {
    let u = User { name: name.clone() };
    (u, name)
}
` },
    { name: 'used afterwards inside a format macro', code: `fn f(email: String) -> User {
    let u = User { email: email.clone() };
    tracing::info!("created {email}");
    u
}
` },
    { name: 'reference param: the clone is how you get an owned copy', code: `fn f(name: &String) -> User {
    User { name: name.clone() }
}
` },
    { name: 'unannotated let of unknown origin (may be a reference)', code: `fn f(cache: &Cache, id: u64) -> Option<Entry> {
    let e = cache.get(id)?;
    Some(e.clone())
}
` },
    { name: 'Arc clone moved into a task', code: `fn f(state: Arc<AppState>) {
    let s = state.clone();
    tokio::spawn(async move { s.tick().await });
}
` },
    { name: 'clone inside a loop', code: `fn f(template: String, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(template.clone());
    }
    out
}
` },
    { name: 'clone inside a per-row closure', code: `fn f(ids: &[i64], label: String) -> Vec<Row> {
    ids.iter().map(|id| Row { id: *id, label: label.clone() }).collect()
}
` },
    { name: 'used later in the same statement', code: `fn f(name: String) {
    save(name.clone(), &name);
}
` },
    { name: 'test code', code: `#[test]
fn t() {
    let v: Vec<u8> = vec![1];
    check(v.clone());
}
` },
    { name: 'field clone, the owner is used whole afterwards', code: `async fn register(Json(form): Json<RegisterForm>) -> Result<(), Error> {
    let handle = form.handle.clone();
    validate(&form)?;
    store(handle).await
}
` },
    { name: 'field clone, the same field is read afterwards', code: `fn label(order: Order) -> Label {
    let l = Label { to: order.recipient.clone() };
    audit(&order.recipient);
    l
}
` },
    { name: 'field clone through a reference', code: `fn label(order: &Order) -> Label {
    Label { to: order.recipient.clone() }
}
` },
    { name: 'field clone through a Json wrapper (deref cannot be moved out of)', code: `async fn register(form: web::Json<RegisterForm>) -> HttpResponse {
    let handle = form.handle.clone();
    create(handle).await
}
` },
    { name: 'field clone of app state (handles are cheap to clone)', code: `async fn list(State(state): State<AppState>) -> Json<Vec<Item>> {
    let pool = state.pool.clone();
    Json(fetch(pool).await)
}
` },
    { name: 'field clone of a Copy-looking id', code: `async fn fetch(Path(q): Path<ItemQuery>) -> Json<Item> {
    let id = q.item_id.clone();
    Json(load(id).await)
}
` },
    { name: 'field clone in a loop', code: `fn f(batch: Batch, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(batch.title.clone());
    }
    out
}
` },
    { name: 'field clone then a method on the whole owner', code: `fn f(req: UpdateReq) -> (String, bool) {
    let name = req.name.clone();
    (name, req.is_valid())
}
` },
    { name: 'field clone inside a macro that later uses the owner', code: `fn f(req: UpdateReq) -> String {
    let name = req.name.clone();
    tracing::info!(?req, "update");
    name
}
` },
    {
      name: 'a borrow of the value kept in a binding still in scope',
      code: `fn f(rows: Vec<Row>) -> Report {
    let first = &rows;
    let copy: Vec<Row> = rows.clone();
    Report { rows: copy, head: first.len() }
}
`,
    },
    {
      name: 'a borrow kept by a closure still in scope',
      code: `fn f(names: Vec<String>) -> Batch {
    let count = || names.len();
    let batch = Batch { names: names.clone() };
    finish(batch, count())
}
`,
    },
    {
      name: 'an earlier borrow in the same statement lasts through the clone',
      code: `fn f(tags: Vec<String>) {
    store(&tags, tags.clone());
}
`,
    },
    {
      name: 'used again in the same branch',
      code: `fn f(plan: Plan, fast: bool) -> (Plan, Plan) {
    if fast { (plan.clone(), plan) } else { (Plan::default(), plan) }
}
`,
    },
    {
      name: 'a temporary that is a reference (Path::new) made owned',
      code: `fn f(dir: &str) -> PathBuf {
    Path::new(dir).to_owned()
}
`,
    },
    {
      name: 'a handle type of this file is cheap to clone',
      code: `#[derive(Clone)]
struct DbHandle { id: u32 }
fn f(h: DbHandle) -> Worker {
    Worker { h: h.clone() }
}
`,
    },
    {
      name: 'a copy in a move closure a crate fn may call many times (F: Fn)',
      code: `fn serve(banner: String) {
    on_each_request(move |req| Reply { text: banner.clone(), id: req.id });
}
fn on_each_request<F>(handler: F) where F: Fn(&Req) -> Reply + Send + 'static {}
`,
    },
    {
      name: 'a copy in a closure that borrows (no move): the value stays with its owner',
      code: `fn report(summary: String) -> Result<(), E> {
    finish_once(|| Page { body: summary.clone() })?;
    Ok(())
}
fn finish_once<F: FnOnce() -> Page>(f: F) -> Result<(), E> { Ok(()) }
`,
    },
    {
      name: 'a copy in a move closure handed to a method of unknown bounds',
      code: `fn later(notes: Vec<String>, timer: &Timer) {
    timer.schedule(move || Digest { notes: notes.clone() });
}
`,
    },
  ],
  invalid: [
    {
      name: 'a copy of a captured value in a move closure a crate fn calls at most once (F: FnOnce, where clause)',
      code: `async fn page(title: String, pool: &Pool) -> Result<Html, E> {
    let heading = format!("== {title} ==");
    render_off_thread({
        let pool = pool.clone();
        move |ctx| {
            let layout = Layout { heading: heading.clone(), width: ctx.width };
            layout.draw(&pool)
        }
    })
    .await
}
async fn render_off_thread<F, R>(job: F) -> Result<R, E>
where
    F: FnOnce(&Ctx) -> Result<R, E> + Send + 'static,
    R: Send + 'static,
{
    todo!()
}
`,
      lines: [6],
    },
    {
      name: 'a copy in a closure given to std::thread::spawn and in an async move block',
      code: `use std::thread;
fn export(rows: Vec<Row>) {
    thread::spawn(move || write_all(Batch { rows: rows.clone() }));
}
fn notify(body: String, tx: Sender) {
    tokio::spawn(async move { tx.send(Mail { body: body.clone() }).await });
}
`,
      lines: [3, 6],
    },
    {
      name: 'a copy of the value after a field of it was copied earlier in the same literal',
      code: `fn finish(input: &str) -> Summary {
    let draft: Draft = Draft::parse(input);
    Summary { meta: draft.meta.clone(), draft: draft.clone() }
}
#[derive(Clone)]
pub struct Draft { meta: Vec<String>, body: String }
`,
      lines: [3],
    },
    {
      name: 'a path copied only to join onto it, the original used afterwards',
      code: `pub fn cache_file(root: PathBuf, key: &str) -> (PathBuf, PathBuf) {
    let file = root.clone().join(key);
    (root, file)
}
`,
      lines: [2],
      messageIncludes: '`root.clone().join(..)` copies `root` only for `.join(..)`',
    },
    {
      name: 'a self field copied only to ask for a new value from it',
      code: `pub struct Store {
    dir: std::path::PathBuf,
}

impl Store {
    pub fn archive(&self, name: &str) -> std::path::PathBuf {
        self.dir.clone().with_file_name(name)
    }
}
`,
      lines: [7],
    },
    {
      name: 'a unit struct value cloned and never used again',
      code: `#[derive(Clone)]
struct Shutdown;

fn stop(tx: Sender<Shutdown>) {
    let signal = Shutdown;
    tx.send(signal.clone());
}
`,
      lines: [6],
    },
    {
      name: 'a copy only lent to a call, the value never used again (`let _ = x;` is no use)',
      code: `fn audit(entry: AuditEntry, log: &mut AuditLog) {
    log.record(&entry.clone());
    let _ = entry;
}
`,
      lines: [2],
      messageIncludes: 'borrow `entry` itself',
    },
    {
      name: 'a copy only lent, the value handed to a move closure that never touches it',
      code: `fn schedule(job: Job, runner: &Runner) {
    runner.submit(&job.clone(), move || {
        let _ = job;
        tick();
    });
}
`,
      lines: [2],
    },
    {
      name: 'an owned Option param cloned as the scrutinee of `if let` and never used again',
      code: `pub fn mailer(relay: Option<RelayConfig>) -> Mailer {
    let builder = if let Some(relay) = relay.clone() {
        Mailer::builder().relay(relay)
    } else {
        Mailer::builder()
    };
    builder.build()
}
`,
      lines: [2],
      messageIncludes: '`relay`',
    },
    {
      name: 'an owned String matched on a copy',
      code: `fn route(kind: String) -> u8 {
    let trimmed: String = kind.trim().to_string();
    match trimmed.clone() {
        s if s.is_empty() => 0,
        _ => 1,
    }
}
`,
      lines: [3],
      messageIncludes: '`trimmed`',
    },
    { name: 'annotated String never used again', code: `fn f(input: NewUser) -> User {
    let email: String = input.email.trim().to_lowercase();
    User { id: 1, email: email.clone() }
}
`, lines: [3], messageIncludes: '`email`' },
    { name: 'owned Vec param passed on as a copy', code: `async fn save(pool: &PgPool, items: Vec<Item>) -> Result<(), Error> {
    let n = items.len();
    repo::insert_all(pool, items.clone()).await?;
    Ok(())
}
`, lines: [3], messageIncludes: '`items`' },
    { name: 'owned struct param returned as a copy', code: `fn f(req: CreateOrder) -> CreateOrder {
    validate(&req);
    req.clone()
}
`, lines: [3], messageIncludes: '`req`' },
    { name: 'collected Vec cloned into a struct, then dropped', code: `fn f(rows: &[Row]) -> Report {
    let ids = rows.iter().map(|r| r.id).collect::<Vec<i64>>();
    let total = ids.len();
    Report { total, ids: ids.clone() }
}
`, lines: [4], messageIncludes: '`ids`' },
    { name: 'fields of an into_inner body cloned, the body never used whole again', code: `pub async fn invite(pool: web::Data<PgPool>, body: web::Json<InviteRequest>) -> HttpResponse {
    let body = body.into_inner();
    let email = body.email.clone();
    let team = body.team_name.clone();
    match create_invite(&pool, email, team).await {
        Ok(_) => HttpResponse::Created().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}
`, lines: [3, 4], messageIncludes: '`body.email`' },
    { name: 'field of a destructured Json extractor moved into a struct', code: `pub async fn rename(State(db): State<PgPool>, Json(input): Json<RenameInput>) -> Result<Json<Project>, AppError> {
    let cmd = Rename { title: input.new_title.clone(), id: input.project_id };
    Ok(Json(apply(&db, cmd).await?))
}
`, lines: [2], messageIncludes: '`input.new_title`' },
    { name: 'field of an owned struct param, other field read afterwards', code: `fn to_row(p: Profile) -> Row {
    let bio = p.biography.clone();
    Row { bio, nick: p.nickname.to_lowercase() }
}
`, lines: [2] },
    {
      name: 'cloned in one branch, the original only used in the other branch',
      code: `fn f(plan: Plan, fast: bool) -> (Plan, Plan) {
    if fast {
        (plan.clone(), plan.clone())
    } else {
        (Plan::default(), plan)
    }
}
`,
      lines: [3],
      messageIncludes: '`plan`',
    },
    {
      name: 'a borrow kept in an inner block has ended before the clone',
      code: `fn f(names: Vec<String>) -> Batch {
    {
        let view = &names;
        log(view.len());
    }
    Batch { names: names.clone() }
}
`,
      lines: [6],
      messageIncludes: '`names`',
    },
    {
      name: 'a clone returned early, the original used only on the path that did not return',
      code: `fn pick(list: Vec<Item>, first: bool) -> Vec<Item> {
    if first {
        return list.clone();
    }
    consume(list)
}
`,
      lines: [3],
    },
    {
      name: 'a struct of this file that is Clone but not Copy',
      code: `#[derive(Clone)]
struct Point { x: u32, y: u32 }
fn f() -> Shape {
    let p = Point { x: 1, y: 2 };
    Shape { origin: p.clone() }
}
`,
      lines: [5],
    },
    {
      name: 'copies of a value built in the same expression',
      code: `fn f(base: &Path, user: &str) -> (String, PathBuf) {
    let greeting = format!("hello {user}").to_string();
    let dir = base.join("users").to_owned();
    (greeting, dir)
}
`,
      lines: [2, 3],
      messageIncludes: 'new value',
    },
    {
      name: 'a copy of a copy',
      code: `fn f(name: &Cow<'static, str>, id: &str) -> (String, String) {
    (name.clone().to_string(), id.to_string().clone())
}
`,
      lines: [2, 2],
      messageIncludes: 'copies the value twice',
    },
  ],
});

/** A value a generic helper of another file hands back from its closure: its type, and what a clone costs, are the callee's. */
const offloading = {
  'src/lib.rs': `pub mod pool;
pub mod ledger;
pub mod api;
`,
  'src/pool.rs': `pub async fn offload<F, T>(job: F) -> anyhow::Result<T>
where
    F: FnOnce() -> anyhow::Result<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(job).await?
}
`,
  'src/ledger.rs': `use std::sync::Arc;
pub struct Statement { pub owner: String, pub entries: Vec<Entry>, pub account: u64 }
impl Statement {
    pub fn load(db: &Db, account: u64) -> anyhow::Result<Option<Statement>> { todo!() }
    pub fn cached(db: &Db, account: u64) -> anyhow::Result<Option<Arc<Statement>>> { todo!() }
}
`,
};
const statementPage = (load: string, after = '') => `use crate::pool::offload;
use crate::ledger::Statement;
pub async fn page(db: Db, account: u64, wide: bool) -> anyhow::Result<Page> {
    let statement = offload({
        let db = db.handle();
        move || ${load}
    })
    .await?
    .ok_or(NotFound)?;
    let heading = if wide {
        let who = if statement.owner.is_empty() { &statement.owner } else { "unknown" };
        format!("Statement of {who}")
    } else {
        String::new()
    };
    let count = offload(move || Ok(statement.account)).await?;
    Ok(Page { heading, count, statement: statement.clone() })${after}
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'a shared pointer handed back by the helper: its clone is a count bump',
      files: offloading,
      path: 'src/api.rs',
      code: statementPage('Statement::cached(&db, account)'),
    },
    {
      name: 'the value is used after its clone',
      files: offloading,
      path: 'src/api.rs',
      code: statementPage('Statement::load(&db, account)', ';\n    audit(&statement)'),
    },
  ],
  invalid: [
    {
      name: "a struct of another file with owned text, handed back by a generic helper's closure, cloned and never used again",
      files: offloading,
      path: 'src/api.rs',
      code: statementPage('Statement::load(&db, account)'),
      lines: [17],
      messageIncludes: '`statement` is cloned here but never used afterwards',
    },
  ],
});
