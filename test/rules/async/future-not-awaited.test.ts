import rule from '../../../src/rules/async/future-not-awaited.js';
import { testFileRule, type InvalidCase, type ValidCase } from '../../helpers/rule-tester.js';

const NOTIFY = `pub async fn send_welcome(email: &str) -> Result<(), MailError> {
    MAILER.send(email).await
}
pub fn render(email: &str) -> String { format!("hi {email}") }
`;
const AUDIT = `pub struct AuditSink { tx: Sender<AuditEvent> }
impl AuditSink {
    pub async fn record(&self, e: AuditEvent) -> Result<(), SendError<AuditEvent>> { self.tx.send(e).await }
    pub fn try_record(&self, e: AuditEvent) { let _ = self.tx.try_send(e); }
}
`;
const STATE = `use crate::audit::AuditSink;
#[derive(Clone)]
pub struct AppState { pub db: PgPool, pub audit: Arc<AuditSink> }
`;

const MAILER = `
async fn send_receipt(state: &AppState, id: Uuid) -> Result<(), MailError> {
    state.mailer.send(id).await
}
`;

/** The cases name the other files of the crate `crate` (a `lib.rs` declaring them is added). */
type Case = Omit<ValidCase, 'files'> & { crate?: Record<string, string>; lines?: number[]; messageIncludes?: string };
const withCrate = (c: Case) => {
  const { crate, ...rest } = c;
  if (!crate) return rest;
  const mods = Object.keys(crate).map((p) => `pub mod ${p.replace(/^src\//, '').replace(/\.rs$/, '')};`).join('\n');
  return { ...rest, files: { 'src/lib.rs': `${mods}\npub mod handlers;\n`, ...crate } };
};
const cases: { valid: Case[]; invalid: Case[] } = {
  valid: [
    {
      name: 'an underscore binding of a future that is awaited later',
      code: `${MAILER}
pub async fn pay(state: AppState, id: Uuid) {
    let _pending = send_receipt(&state, id);
    audit(id);
    let _ = _pending.await;
}
`,
    },
    {
      name: 'awaited call',
      code: `${MAILER}
pub async fn pay(state: AppState, id: Uuid) {
    let _ = send_receipt(&state, id).await;
}
`,
    },
    {
      name: 'future stored and joined later',
      code: `${MAILER}
pub async fn pay_all(state: AppState, ids: Vec<Uuid>) {
    let futs: Vec<_> = ids.into_iter().map(|id| send_receipt(&state, id)).collect();
    futures::future::join_all(futs).await;
}
`,
    },
    {
      name: 'future passed to tokio::spawn',
      code: `async fn warm(state: AppState) -> () { state.cache.fill().await }
pub async fn start(state: AppState) {
    let handle = tokio::spawn(warm(state));
    handle.await.unwrap();
}
`,
    },
    {
      name: 'a sync fn of the same name in another module, called by its path',
      code: `mod sync_api { pub fn flush() {} }
async fn flush() {}
fn run() { sync_api::flush(); }
`,
    },
    {
      name: 'a sync unbounded send with let _',
      code: `pub fn record(&self, e: Event) { let _ = self.tx.send(e); }
`,
    },
    {
      name: 'std::thread::sleep statement (not a future)',
      code: `fn backoff() { std::thread::sleep(Duration::from_millis(5)); }
`,
    },
    {
      name: 'sync fn of another module called as a statement',
      code: `use crate::notify;
pub async fn preview(email: String) -> String {
    notify::render(&email);
    String::new()
}
`,
      crate: { 'src/notify.rs': NOTIFY },
    },
    {
      name: 'sync method of a state field',
      code: `use crate::state::AppState;
pub async fn delete_doc(State(state): State<AppState>) -> StatusCode {
    state.audit.try_record(AuditEvent::now());
    StatusCode::NO_CONTENT
}
`,
      crate: { 'src/state.rs': STATE, 'src/audit.rs': AUDIT },
    },
    {
      name: 'awaited async method of a state field',
      code: `use crate::state::AppState;
pub async fn delete_doc(State(state): State<AppState>) -> StatusCode {
    state.audit.record(AuditEvent::now()).await.ok();
    StatusCode::NO_CONTENT
}
`,
      crate: { 'src/state.rs': STATE, 'src/audit.rs': AUDIT },
    },
    {
      name: 'a typed discard names what it throws away',
      code: `fn boxed_job() -> Pin<Box<dyn Future<Output = ()> + Send>> { Box::pin(async {}) }
pub fn start() {
    let _: Pin<Box<dyn Future<Output = ()> + Send>> = boxed_job();
}
`,
    },
    {
      name: 'a fn returning a plain value, discarded',
      code: `fn build_job() -> Job { Job::default() }
pub async fn start() {
    let _ = build_job();
}
`,
    },
  ],
  invalid: [
    {
      name: 'an underscore binding nothing reads holds the future of an async method reached through fields',
      code: `pub struct Queues { pub outbox: Outbox }
pub struct Outbox { pending: u32 }
impl Outbox { pub async fn reserve(&self, slot: u32) -> u32 { self.pending + slot } }
pub async fn boot(queues: &Queues) {
    let _slot = queues.outbox.reserve(7);
    tracing::info!("ready");
}
`,
      lines: [5],
      messageIncludes: '`_slot` holds the future of `queues.outbox.reserve(..)`',
    },
    {
      name: 'an async fn of this module, though a sync fn of another module shares its name',
      code: `mod sync_api { pub fn flush() {} }
async fn flush() {}
fn run() { flush(); }
`,
      lines: [3],
    },
    {
      name: 'let _ = async fn call',
      code: `${MAILER}
pub async fn pay(state: AppState, id: Uuid) -> StatusCode {
    let _ = send_receipt(&state, id);
    StatusCode::OK
}
`,
      lines: [7],
      messageIncludes: 'send_receipt',
    },
    {
      name: 'bare statement calling an async method on self',
      code: `impl Cache {
    async fn refresh(&self) { self.load().await; }
    pub async fn invalidate(&self) {
        self.clear();
        self.refresh();
    }
}
`,
      lines: [5],
      messageIncludes: 'self.refresh',
    },
    {
      name: 'tokio::time::sleep without await',
      code: `use tokio::time::sleep;
pub async fn backoff(attempt: u32) {
    sleep(Duration::from_millis(100 * attempt as u64));
}
`,
      lines: [3],
      messageIncludes: 'tokio::time::sleep',
    },
    {
      name: 'sqlx execute without await',
      code: `pub async fn touch(pool: &PgPool, id: Uuid) {
    sqlx::query("UPDATE sessions SET seen_at = now() WHERE id = $1").bind(id).execute(pool);
}
`,
      lines: [2],
      messageIncludes: 'execute',
    },
    {
      name: 'async block yielding an unawaited future',
      code: `${MAILER}
pub fn later(state: AppState, id: Uuid) {
    tokio::spawn(async move { send_receipt(&state, id) });
}
`,
      lines: [7],
      messageIncludes: 'returns the future',
    },
    {
      name: 'async fn of another module called through its path, let _',
      code: `use crate::notify;
pub async fn sign_up(email: String) -> StatusCode {
    let _ = notify::send_welcome(&email);
    StatusCode::CREATED
}
`,
      crate: { 'src/notify.rs': NOTIFY },
      lines: [3],
      messageIncludes: 'notify::send_welcome',
    },
    {
      name: 'async method of a state field defined in other files (axum State)',
      code: `use axum::extract::State;
use crate::state::AppState;
pub async fn delete_doc(State(state): State<AppState>, Path(id): Path<Uuid>) -> StatusCode {
    state.audit.record(AuditEvent::deleted(id));
    StatusCode::NO_CONTENT
}
`,
      crate: { 'src/state.rs': STATE, 'src/audit.rs': AUDIT },
      lines: [4],
      messageIncludes: 'state.audit.record',
    },
    {
      name: 'a fn returning impl Future, its future dropped',
      code: `fn warm_cache(pool: &PgPool) -> impl Future<Output = Result<(), Error>> + '_ {
    async move { load_all(pool).await }
}
pub async fn start(pool: PgPool) {
    let _ = warm_cache(&pool);
}
`,
      lines: [5],
      messageIncludes: 'warm_cache',
    },
    {
      name: 'a binding holding an unawaited future, discarded by name',
      code: `async fn sync_users(db: &Db) -> Result<(), Error> { db.sync().await }
pub async fn tick(db: Db) {
    let job = sync_users(&db);
    log_start();
    let _ = job;
}
`,
      lines: [5],
      messageIncludes: '`let _ = job`',
    },
  ],
};

testFileRule(rule, { valid: cases.valid.map(withCrate) as ValidCase[], invalid: cases.invalid.map(withCrate) as InvalidCase[] });
