import rule from '../../../src/rules/async/spawn-handle-dropped.js';
import { testChangeRule } from './change-rule-cases.js';

const WAREHOUSE = `pub struct Warehouse { http: reqwest::Client }
impl Warehouse {
    pub async fn submit(&self, id: Uuid) -> Result<(), WarehouseError> { todo!() }
    pub async fn ping(&self) { }
}
pub async fn resync(state: AppState) -> anyhow::Result<()> { Ok(()) }
`;
const STATE = `use crate::warehouse::Warehouse;
#[derive(Clone)]
pub struct AppState { pub db: PgPool, pub warehouse: Arc<Warehouse> }
`;

const SUBMIT = `
async fn submit(state: AppState, id: Uuid) -> Result<(), WarehouseError> {
    state.warehouse.submit(id).await
}
`;

const LEDGER = `pub struct LedgerClient { base: Url, http: reqwest::Client }
impl LedgerClient {
    pub async fn post_entry(&self, e: Entry) -> Result<Receipt, LedgerError> { todo!() }
    pub async fn warm(&self) { }
}
`;
const BILLING = `use std::sync::Arc;
use crate::ledger::LedgerClient;
pub struct Billing { db: PgPool, ledger: Arc<LedgerClient> }
impl Billing {
    pub async fn charge(&self, e: Entry) -> Result<(), BillingError> {
        insert(&self.db, &e).await?;
        let ledger = Arc::clone(&self.ledger);
        tokio::spawn(async move { ledger.post_entry(e).await });
        Ok(())
    }
}
`;
const NOTIFY = `pub struct Notifier { smtp: SmtpTransport }
impl Notifier {
    pub async fn receipt(&self, to: &str) -> anyhow::Result<MessageId> { todo!() }
    pub async fn nudge(&self, to: &str) { }
}
`;
const SHOP_STATE = `#[derive(Clone)]
pub struct Shop { pub pool: PgPool, pub notifier: crate::notify::Notifier }
`;

testChangeRule(rule, {
  valid: [
    {
      name: 'handle kept and aborted on shutdown',
      code: `async fn main_loop(state: AppState) {
    let refresher = tokio::spawn(async move { refresh(&state).await?; Ok::<_, Error>(()) });
    serve().await;
    refresher.abort();
}
`,
    },
    {
      name: 'the task logs its own error',
      code: `${SUBMIT}
pub async fn create(state: AppState, id: Uuid) {
    tokio::spawn(async move {
        if let Err(e) = submit(state, id).await {
            tracing::error!(error = %e, "warehouse hand-off failed");
        }
    });
}
`,
    },
    {
      name: 'JoinSet::spawn keeps the handle',
      code: `${SUBMIT}
pub async fn fan_out(state: AppState, ids: Vec<Uuid>) {
    let mut set = tokio::task::JoinSet::new();
    for id in ids { set.spawn(submit(state.clone(), id)); }
    while let Some(r) = set.join_next().await { r.unwrap().unwrap(); }
}
`,
    },
    {
      name: 'a fire-and-forget task returning ()',
      code: `async fn ping(url: String) { let _ = reqwest::get(url).await; }
pub async fn handler(url: String) { tokio::spawn(ping(url)); }
`,
    },
    {
      name: 'spawned fn defined elsewhere (unknown return type)',
      code: `pub async fn handler(state: AppState) { tokio::spawn(jobs::reindex(state)); }
`,
    },
    {
      name: 'handle returned to the caller',
      code: `${SUBMIT}
pub fn start(state: AppState, id: Uuid) -> JoinHandle<Result<(), WarehouseError>> {
    tokio::spawn(submit(state, id))
}
`,
    },
    {
      name: 'state field method returning () in another file',
      code: `use crate::state::AppState;
pub async fn ping(State(state): State<AppState>) {
    tokio::spawn(async move { state.warehouse.ping().await });
}
`,
      crate: { 'src/state.rs': STATE, 'src/warehouse.rs': WAREHOUSE },
    },
    {
      name: 'Arc clone of a field whose method returns ()',
      code: BILLING.replace('ledger.post_entry(e).await', 'ledger.warm().await'),
      path: 'src/billing.rs',
      crate: { 'src/ledger.rs': LEDGER },
    },
    {
      name: 'Arc clone of a field whose Result is handled inside the task',
      code: BILLING.replace('ledger.post_entry(e).await });', 'if let Err(err) = ledger.post_entry(e).await { tracing::warn!(%err, "ledger post failed"); } });'),
      path: 'src/billing.rs',
      crate: { 'src/ledger.rs': LEDGER },
    },
    {
      name: 'local of unknown origin calling a same-named method',
      code: `pub async fn charge(e: Entry) {
    let ledger = connect_somewhere().await;
    tokio::spawn(async move { ledger.post_entry(e).await });
}
`,
      path: 'src/billing.rs',
      crate: { 'src/ledger.rs': LEDGER },
    },
    {
      name: 'a variable bound to a task that handles its own error',
      code: `pub fn record(&self, event: Event) {
    let producer = self.producer.clone();
    let delivery = async move {
        if let Err(e) = producer.send(event).await { tracing::warn!(%e, "audit event lost"); }
    };
    tokio::spawn(delivery);
}
`,
    },
    {
      name: 'the spawned variable is the outer task that logs its error, not a same-named task of a block that has ended',
      code: `pub fn record(&self, event: Event) {
    let producer = self.producer.clone();
    let delivery = async move {
        if let Err(e) = producer.send(event).await { tracing::warn!(%e, "audit event lost"); }
    };
    if self.dry_run {
        let delivery = async move { preview().await?; Ok::<(), PublishError>(()) };
        futures::executor::block_on(delivery).ok();
    }
    tokio::spawn(delivery);
}
`,
    },
  ],
  invalid: [
    {
      name: 'the spawned variable is the outer task returning a Result, not a same-named task of a block that has ended',
      code: `pub fn record(&self, event: Event) {
    let producer = self.producer.clone();
    let delivery = async move {
        producer.send(event).await.map_err(PublishError::Broker)?;
        Ok::<(), PublishError>(())
    };
    if self.dry_run {
        let delivery = async move { tracing::info!("dry run") };
        futures::executor::block_on(delivery);
    }
    tokio::spawn(delivery);
}
`,
      lines: [11],
      messageIncludes: '`?`',
    },
    {
      name: 'an async block bound to a variable first, then spawned (a sync fn publishing in the background)',
      code: `pub fn record(&self, event: Event) -> Result<(), PublishError> {
    let producer = self.producer.clone();
    let delivery = async move {
        producer.send(event).await.map_err(PublishError::Broker)?;
        Ok::<(), PublishError>(())
    };
    tokio::spawn(delivery);
    Ok(())
}
`,
      lines: [7],
      messageIncludes: '`?`',
    },
    {
      name: 'tokio::spawn of a same-file Result fn, handle dropped',
      code: `${SUBMIT}
pub async fn create_order(State(state): State<AppState>) -> StatusCode {
    tokio::spawn(submit(state.clone(), Uuid::nil()));
    StatusCode::CREATED
}
`,
      lines: [7],
      messageIncludes: 'Result<(), WarehouseError>',
    },
    {
      name: 'let _ = spawn of an async block using ?',
      code: `use tokio::task;
pub async fn handler(state: AppState) {
    let _ = task::spawn(async move {
        let user = state.repo.load().await?;
        state.mailer.welcome(&user).await?;
        Ok::<_, anyhow::Error>(())
    });
}
`,
      lines: [3],
      messageIncludes: '`?`',
    },
    {
      name: 'actix_rt::spawn of a Result-returning method',
      code: `impl Notifier {
    async fn push(&self, msg: String) -> anyhow::Result<()> { self.client.send(msg).await }
    pub fn notify(self: Arc<Self>, msg: String) {
        actix_rt::spawn(async move { self.push(msg).await });
    }
}
`,
      lines: [4],
      messageIncludes: 'push',
    },
    {
      name: 'unused _task binding',
      code: `${SUBMIT}
pub async fn create(state: AppState, id: Uuid) {
    let _task = tokio::spawn(submit(state, id));
}
`,
      lines: [7],
    },
    {
      name: 'async block awaiting a Result method of a state field defined in other files',
      code: `use crate::state::AppState;
pub async fn create(State(state): State<AppState>, id: Uuid) -> StatusCode {
    tokio::spawn(async move { state.warehouse.submit(id).await });
    StatusCode::CREATED
}
`,
      crate: { 'src/state.rs': STATE, 'src/warehouse.rs': WAREHOUSE },
      lines: [3],
      messageIncludes: 'Result<(), WarehouseError>',
    },
    {
      name: 'spawn of a Result fn of another module',
      code: `use crate::warehouse;
pub async fn kick(state: AppState) {
    tokio::spawn(warehouse::resync(state));
}
`,
      crate: { 'src/warehouse.rs': WAREHOUSE },
      lines: [3],
      messageIncludes: 'resync',
    },
    {
      name: 'Arc::clone(&self.field) bound to a local, method Result in another file',
      code: BILLING,
      path: 'src/billing.rs',
      crate: { 'src/ledger.rs': LEDGER },
      lines: [8],
      messageIncludes: 'Result<Receipt, LedgerError>',
    },
    {
      name: 'state.field.clone() of a path-typed field, type in a mod.rs',
      code: `use crate::state::Shop;
pub async fn checkout(State(shop): State<Shop>, Json(o): Json<Order>) -> StatusCode {
    let notifier = shop.notifier.clone();
    let to = o.email.clone();
    tokio::spawn(async move {
        notifier.receipt(&to).await
    });
    StatusCode::ACCEPTED
}
`,
      crate: { 'src/state.rs': SHOP_STATE, 'src/notify/mod.rs': NOTIFY },
      lines: [5],
      messageIncludes: 'receipt',
    },
    {
      name: 'Arc::clone(&state.field) from web::Data, cloned again before the spawn',
      code: `use std::sync::Arc;
use crate::ledger::LedgerClient;
pub struct Ctx { ledger: Arc<LedgerClient> }
pub async fn settle(state: web::Data<Ctx>, e: web::Json<Entry>) -> HttpResponse {
    let shared = Arc::clone(&state.ledger);
    let ledger = shared.clone();
    let _ = actix_rt::spawn(async move { ledger.post_entry(e.into_inner()).await });
    HttpResponse::Accepted().finish()
}
`,
      crate: { 'src/ledger.rs': LEDGER },
      lines: [7],
      messageIncludes: 'post_entry',
    },
  ],
});
