import rule from '../../../src/rules/database/query-in-loop.js';
import { testFileRule } from '../../helpers/rule-tester.js';

/** One UPDATE per region of the list it is given. */
const APPLY_QUOTAS = `pub async fn apply_quotas(pool: &PgPool, regions: &[Region]) -> sqlx::Result<()> {
    for region in regions {
        sqlx::query("UPDATE quotas SET max = $2 WHERE region = $1").bind(&region.code).bind(region.quota).execute(pool).await?;
    }
    Ok(())
}
`;

/** One INSERT per tenant of the list it is given: a note when only start-up runs it, an N+1 when a handler does. */
const ENSURE_QUOTAS = `pub async fn ensure_quotas(pool: &PgPool, tenants: Vec<Tenant>) -> sqlx::Result<()> {
    for t in tenants {
        sqlx::query("INSERT INTO quotas (tenant_id, used) VALUES ($1, 0) ON CONFLICT DO NOTHING")
            .bind(t.id)
            .execute(pool)
            .await?;
    }
    Ok(())
}
`;

/** A library's seeding helpers, one inserting row by row: test support when only tests call them, an N+1 when a program does too. */
const SEEDING = `pub async fn seed_entry(pool: &PgPool, amount: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO entries (amount) VALUES ($1)").bind(amount).execute(pool).await.map(|_| ())
}

pub async fn seed_entries(pool: &PgPool, amounts: &[i64]) -> sqlx::Result<()> {
    for amount in amounts {
        sqlx::query("INSERT INTO entries (amount) VALUES ($1)").bind(amount).execute(pool).await?;
    }
    Ok(())
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'a request whose list the handler rejects above a few items before the loop (at most that many round trips)',
      code: `const MAX_INVITES: usize = 8;
async fn invite(State(pool): State<PgPool>, Json(req): Json<InviteRequest>) -> Result<StatusCode, ApiError> {
    let emails = req.emails;
    if emails.len() > MAX_INVITES {
        return Err(ApiError::bad_request("at most 8 invites at once"));
    }
    let mut tx = pool.begin().await?;
    for email in &emails {
        sqlx::query("INSERT INTO invites (email) VALUES ($1)").bind(email).execute(&pool).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::CREATED)
}
`,
    },
    {
      name: 'a list checked with ensure! and one walked with .take(3)',
      code: `async fn tag(State(pool): State<PgPool>, Json(tags): Json<Vec<String>>) -> anyhow::Result<()> {
    anyhow::ensure!(tags.len() <= 5, "too many tags");
    for t in tags.iter() {
        sqlx::query("INSERT INTO tags (name) VALUES ($1)").bind(t).execute(&pool).await?;
    }
    for t in tags.iter().take(3) {
        sqlx::query("UPDATE tags SET hits = hits + 1 WHERE name = $1").bind(t).execute(&pool).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'inserts only the labels one lookup of all of them found missing (get-or-create: the reads are batched)',
      code: `use std::collections::HashSet;
pub async fn attach_labels(conn: &mut PgConnection, labels: &[String]) -> sqlx::Result<()> {
    let present: HashSet<String> = sqlx::query_scalar("SELECT name FROM labels WHERE name = ANY($1)")
        .bind(labels)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    for label in labels.iter().filter(|l| !(present.contains(*l))) {
        sqlx::query("INSERT INTO labels (name) VALUES ($1)").bind(label).execute(&mut *conn).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'a diesel insert guarded by a miss of a set loaded before the loop, and the `continue` form',
      code: `use diesel::prelude::*;
use std::collections::HashSet;
fn ensure_tags(conn: &mut PgConnection, wanted: Vec<String>) -> QueryResult<()> {
    let known: HashSet<String> = tags::table.select(tags::name).load::<String>(conn)?.into_iter().collect();
    for tag in &wanted {
        if !known.contains(tag) {
            diesel::insert_into(tags::table).values(tags::name.eq(tag)).execute(conn)?;
        }
    }
    for tag in &wanted {
        if known.contains(tag) {
            continue;
        }
        diesel::insert_into(tag_log::table).values(tag_log::name.eq(tag)).execute(conn)?;
    }
    Ok(())
}
`,
    },
    {
      name: 'a seeding helper nothing calls, in a module of the library that only integration tests and #[cfg(test)] modules use',
      manifests: {
        'ledger/Cargo.toml': '[package]\nname = "ledger"\n',
        'api/Cargo.toml': '[package]\nname = "api"\n[dependencies]\nledger = { path = "../ledger" }\n',
      },
      files: {
        'ledger/src/lib.rs': 'pub mod seeding;\npub mod books;\n',
        'ledger/src/books.rs': 'pub async fn balance(pool: &PgPool) -> i64 { 0 }\n',
        'ledger/tests/entries.rs': 'use ledger::seeding::*;\n#[tokio::test]\nasync fn counts() { let pool = pool().await; seed_entry(&pool, 5).await.unwrap(); }\n',
        'api/src/main.rs': '#[tokio::main]\nasync fn main() { let pool = connect().await; ledger::books::balance(&pool).await; }\n',
      },
      path: 'ledger/src/seeding.rs',
      code: SEEDING,
    },
    {
      name: 'a lookup on a cache miss, stored in that cache: one query per distinct author, not per post',
      code: `use std::collections::HashMap;
async fn feed(State(pool): State<PgPool>) -> Json<Vec<Entry>> {
    let posts = sqlx::query_as::<_, Post>("SELECT * FROM posts LIMIT 50").fetch_all(&pool).await.unwrap_or_default();
    let mut authors: HashMap<i64, Author> = HashMap::new();
    let mut out = Vec::new();
    for post in posts {
        if !authors.contains_key(&post.author_id) {
            let author = sqlx::query_as::<_, Author>("SELECT * FROM authors WHERE id = $1").bind(post.author_id).fetch_one(&pool).await.unwrap();
            authors.insert(post.author_id, author);
        }
        out.push(Entry { author: authors[&post.author_id].name.clone(), title: post.title });
    }
    Json(out)
}
`,
    },
    {
      name: 'the entry API fills a cache on a miss (diesel, sync)',
      code: `use std::collections::HashMap;
fn render_titles(conn: &mut PgConnection, rows: &[Row]) -> Vec<String> {
    let mut names: HashMap<i32, String> = HashMap::new();
    rows.iter().map(|r| {
        let name = names.entry(r.owner).or_insert_with(|| users::table.find(r.owner).select(users::name).first::<String>(conn).unwrap_or_default());
        format!("{} by {}", r.title, name)
    }).collect()
}
`,
    },
    {
      name: 'a loop over a parameter every caller fills with a static list, passed on through another fn (a fixed number of queries)',
      files: { 'src/main.rs': `mod sync;
#[tokio::main]
async fn main() {
    let pool = connect().await;
    tokio::spawn(sync::every_hour(pool.clone()));
    serve(pool).await;
}
` },
      path: 'src/sync.rs',
      code: `pub struct Region { pub code: &'static str, pub quota: i64 }
pub static REGIONS: &[Region] = &[Region { code: "eu", quota: 10 }, Region { code: "us", quota: 20 }];

pub async fn every_hour(pool: PgPool) {
    loop {
        refresh(&pool, REGIONS).await.ok();
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

async fn refresh(pool: &PgPool, regions: &[Region]) -> sqlx::Result<()> {
    apply_quotas(pool, regions).await
}

async fn apply_quotas(pool: &PgPool, regions: &[Region]) -> sqlx::Result<()> {
    for region in regions {
        sqlx::query("UPDATE quotas SET max = $2 WHERE region = $1").bind(region.code).bind(region.quota).execute(pool).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'a loop over the registered implementations of a trait (a field of `Vec<Box<dyn ..>>`), one query per provider',
      code: `pub struct Mirrors {
    pool: PgPool,
    providers: Vec<Box<dyn MirrorProvider + Send + Sync>>,
}
impl Mirrors {
    pub async fn stale(&self) -> sqlx::Result<Vec<String>> {
        let mut out = Vec::new();
        for provider in &self.providers {
            let names: Vec<String> = sqlx::query_scalar("SELECT name FROM mirrors WHERE provider = $1 AND synced_at < now() - interval '1 hour'")
                .bind(provider.key())
                .fetch_all(&self.pool)
                .await?;
            out.extend(names);
        }
        Ok(out)
    }
}
`,
    },
    {
      name: 'a loop over a slice parameter of `Arc<dyn ..>` checks',
      code: `pub async fn audit(pool: &PgPool, checks: &[Arc<dyn Check>]) -> sqlx::Result<()> {
    for check in checks.iter() {
        sqlx::query("INSERT INTO audits (check_name) VALUES ($1)").bind(check.name()).execute(pool).await?;
    }
    Ok(())
}
`,
    },
    {
      name: "a fixture helper of a package only other members' dev-dependencies use (test support)",
      manifests: {
        'Cargo.toml': `[workspace]
members = ["ledger", "ledger-fixtures"]
`,
        'ledger/Cargo.toml': `[package]
name = "ledger"
[dev-dependencies]
ledger-fixtures = { path = "../ledger-fixtures" }
`,
        'ledger-fixtures/Cargo.toml': `[package]
name = "ledger-fixtures"
`,
      },
      files: { 'ledger/src/lib.rs': 'pub fn balance() -> i64 { 0 }\n' },
      path: 'ledger-fixtures/src/lib.rs',
      code: `pub async fn insert_entries(pool: &PgPool, amounts: &[i64]) -> sqlx::Result<()> {
    for amount in amounts {
        sqlx::query("INSERT INTO entries (amount) VALUES ($1)").bind(amount).execute(pool).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'a statement prepared once and executed per row (the sync drivers\' batch form)',
      code: `pub fn save_all(tx: &rusqlite::Transaction, rows: &[Row]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare("INSERT INTO rows (id, v) VALUES (?1, ?2)")?;
    for r in rows {
        stmt.execute((r.id, &r.v))?;
    }
    Ok(())
}
`,
    },
    {
      name: 'first(..) on something that is not a diesel connection',
      code: `use diesel::prelude::*;
pub fn heads(pages: &[Page], cfg: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for p in pages {
        out.push(p.sections().first(cfg.limit).title.clone());
    }
    out
}
`,
    },
    {
      name: 'a diesel query in Option::map runs once',
      code: `use diesel::prelude::*;
pub fn owner_of(conn: &mut PgConnection, team: Option<i32>) -> QueryResult<Option<User>> {
    team.map(|t| users::table.filter(users::team_id.eq(t)).first::<User>(conn)).transpose()
}
`,
    },
    {
      name: 'a lazy map building plain values (no query)',
      code: `pub async fn warm(pool: &PgPool, ids: &[i64]) -> Vec<Pending> {
    ids.iter().map(|id| Pending { id: *id, started: false }).collect()
}
`,
    },
    {
      name: 'a loop over a const list of tables, names destructured',
      code: `const ARCHIVED: &[(&str, &str)] = &[("old_orders", "shop_id"), ("old_refunds", "shop_id")];

pub async fn drop_shop(tx: &mut PgConnection, shop: i64) -> sqlx::Result<()> {
    for &(table, column) in ARCHIVED {
        sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1")).bind(shop).execute(&mut *tx).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'a loop over a local array of literal pairs',
      code: `pub async fn check_schema(pool: &PgPool) -> sqlx::Result<bool> {
    let needed = [("invoices", "due_on"), ("invoices", "paid_on"), ("payers", "iban")];
    for (table, column) in needed {
        let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2")
            .bind(table).bind(column).fetch_optional(pool).await?;
        if found.is_none() { return Ok(false); }
    }
    Ok(true)
}
`,
    },
    {
      name: 'a list of statements, each run once (the SQL is the loop item)',
      code: `pub struct Step { pub name: &'static str, pub sql: &'static [&'static str] }

pub async fn run_steps(pool: &PgPool, scripts: Vec<String>) -> sqlx::Result<()> {
    for statement in &scripts {
        if let Err(e) = sqlx::query(statement).execute(pool).await {
            sqlx::query("INSERT INTO script_failures (error) VALUES ($1)").bind(e.to_string()).execute(pool).await?;
            return Err(e);
        }
    }
    Ok(())
}
`,
    },
    {
      name: 'query futures collected and awaited together with try_join_all',
      code: `use futures::future::try_join_all;

pub async fn add_tiers(pool: &PgPool, plan: i64, tiers: &[Tier]) -> sqlx::Result<()> {
    let mut pending = Vec::with_capacity(tiers.len());
    for tier in tiers {
        let insert = sqlx::query("INSERT INTO tiers (plan_id, seats) VALUES ($1, $2)")
            .bind(plan)
            .bind(tier.seats)
            .execute(pool);
        pending.push(insert);
    }
    try_join_all(pending).await?;
    Ok(())
}
`,
    },
    {
      name: 'one query with = ANY($1)',
      code: `pub async fn items(pool: &PgPool, ids: Vec<Uuid>) -> sqlx::Result<Vec<Item>> {
    sqlx::query_as::<_, Item>("SELECT * FROM order_items WHERE order_id = ANY($1)").bind(&ids).fetch_all(pool).await
}
`,
    },
    {
      name: 'retry loop with backoff',
      code: `pub async fn ping(pool: &PgPool) -> sqlx::Result<()> {
    let mut attempt = 0;
    loop {
        match sqlx::query("SELECT 1").execute(pool).await {
            Ok(_) => return Ok(()),
            Err(e) if attempt < 5 => { attempt += 1; tokio::time::sleep(Duration::from_millis(100)).await; }
            Err(e) => return Err(e),
        }
    }
}
`,
    },
    {
      name: 'keyset pagination batches',
      code: `pub async fn export(pool: &PgPool) -> sqlx::Result<()> {
    let mut after = 0_i64;
    loop {
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM events WHERE id > $1 ORDER BY id LIMIT 500").bind(after).fetch_all(pool).await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
    }
    Ok(())
}
`,
    },
    {
      name: 'loop over a literal list of tables in setup',
      code: `pub async fn truncate_all(pool: &PgPool) -> sqlx::Result<()> {
    for sql in ["DELETE FROM a", "DELETE FROM b"] {
        sqlx::query(sql).execute(pool).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'loop building binds, query after the loop',
      code: `pub async fn insert(pool: &PgPool, rows: &[Row]) -> sqlx::Result<()> {
    let mut qb = QueryBuilder::new("INSERT INTO t (a) ");
    qb.push_values(rows, |mut b, r| { b.push_bind(r.a); });
    qb.build().execute(pool).await?;
    Ok(())
}
`,
    },
    {
      name: 'map over rows without any query',
      code: `pub async fn names(pool: &PgPool) -> sqlx::Result<Vec<String>> {
    let rows = sqlx::query_as::<_, User>("SELECT * FROM users LIMIT 10").fetch_all(pool).await?;
    Ok(rows.into_iter().map(|u| u.name).collect())
}
`,
    },
    {
      name: 'per-item helper writes inside one transaction (a choice, not an N+1 read)',
      code: `pub async fn place(&self, cart: &Cart) -> Result<()> {
    let mut tx = self.db.begin().await?;
    for item in &cart.items {
        reserve_stock(&mut tx, &item.sku, item.quantity).await?;
    }
    tx.commit().await?;
    Ok(())
}
`,
    },
    {
      name: 'channel consumer and periodic refresh loops',
      code: `pub async fn audit_writer(pool: PgPool, mut rx: Receiver<Entry>) {
    while let Some(e) = rx.recv().await {
        let _ = insert(&pool, &e).await;
        sqlx::query("INSERT INTO audit (msg) VALUES ($1)").bind(&e.msg).execute(&pool).await.ok();
    }
    loop {
        refresh(&pool).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
}
`,
    },
    {
      name: 'same-file method that does no database work, per item',
      code: `pub struct Mailer { http: reqwest::Client }
impl Mailer {
    async fn send_one(&self, to: &str) -> reqwest::Result<()> {
        self.http.post("https://mail.example/send").json(&to).send().await?;
        Ok(())
    }
    pub async fn send_all(&self, recipients: Vec<String>) {
        stream::iter(recipients).map(|r| async move { self.send_one(&r).await }).buffer_unordered(4).collect::<Vec<_>>().await;
    }
}
`,
    },
    {
      name: 'same-file method that also calls out (a job step, not a lookup)',
      code: `pub struct Sync { pool: PgPool, crm: CrmClient }
impl Sync {
    async fn push_contact(&self, id: Uuid) -> Result<()> {
        let c = sqlx::query_as::<_, Contact>("SELECT * FROM contacts WHERE id = $1").bind(id).fetch_one(&self.pool).await?;
        self.crm.upsert(&c).await?;
        Ok(())
    }
    pub async fn run(&self, ids: Vec<Uuid>) -> Result<()> {
        for id in ids {
            self.push_contact(id).await?;
        }
        Ok(())
    }
}
`,
    },
    {
      name: 'same-file method handed the transaction, per item',
      code: `pub struct Stock { pool: PgPool }
impl Stock {
    async fn reserve(&self, tx: &mut Transaction<'_, Postgres>, sku: &str, n: i32) -> sqlx::Result<()> {
        sqlx::query("UPDATE stock SET held = held + $2 WHERE sku = $1").bind(sku).bind(n).execute(&mut **tx).await?;
        Ok(())
    }
    pub async fn reserve_all(&self, lines: &[Line]) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        for l in lines {
            self.reserve(&mut tx, &l.sku, l.qty).await?;
        }
        tx.commit().await
    }
}
`,
    },
    {
      name: 'a method of the same name on a type the file does not define',
      code: `pub struct InvoiceStore {
    db: PgPool,
}
impl InvoiceStore {
    pub async fn latest_for(&self, customer: i64) -> sqlx::Result<Option<Invoice>> {
        sqlx::query_as::<_, Invoice>("SELECT * FROM invoices WHERE customer_id = $1 ORDER BY issued_at DESC LIMIT 1")
            .bind(customer)
            .fetch_optional(&self.db)
            .await
    }
}
pub async fn overview(cache: &InvoiceCache, customers: &[Customer]) -> Vec<Option<Invoice>> {
    let mut out = Vec::new();
    for c in customers {
        out.push(cache.latest_for(c.id).await);
    }
    out
}
`,
    },
    {
      name: 'same-file batch method over chunks',
      code: `pub struct Users { pool: PgPool }
impl Users {
    async fn by_ids(&self, ids: &[i64]) -> sqlx::Result<Vec<User>> {
        sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = ANY($1)").bind(ids).fetch_all(&self.pool).await
    }
    pub async fn all(&self, ids: Vec<i64>) -> sqlx::Result<Vec<User>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            out.extend(self.by_ids(chunk).await?);
        }
        Ok(out)
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a per-tenant query in a fn only `main` reaches: a note (start-up runs it once, not per request)',
      files: { 'src/main.rs': `mod seed;
#[tokio::main]
async fn main() {
    let pool = connect().await;
    seed::ensure_quotas(&pool, load_tenants()).await.unwrap();
    serve(pool).await;
}
` },
      path: 'src/seed.rs',
      code: ENSURE_QUOTAS,
      lines: [3],
      messageId: 'loopOnce',
    },
    {
      name: "a command-line tool's loop over a trait's default method whose query is in the trait's crate: a note",
      manifests: { 'Cargo.toml': `[package]
name = "app"
` },
      files: {
        'src/lib.rs': 'pub mod jobs;\n',
        'src/jobs.rs': `use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

pub trait Job: Serialize {
    const NAME: &'static str;
    fn run(&self) -> impl Future<Output = anyhow::Result<()>> + Send;
    fn enqueue<'a>(&'a self, conn: &'a mut AsyncPgConnection) -> BoxFuture<'a, QueryResult<i64>> {
        let data = serde_json::to_value(self).unwrap();
        diesel::insert_into(jobs::table).values((jobs::name.eq(Self::NAME), jobs::data.eq(data))).returning(jobs::id).get_result(conn).boxed()
    }
}

#[derive(Serialize)]
pub struct SyncIndex { name: String }

impl SyncIndex {
    pub fn new(name: &str) -> Self { Self { name: name.to_owned() } }
}

impl Job for SyncIndex {
    const NAME: &'static str = "sync_index";
    async fn run(&self) -> anyhow::Result<()> {
        index::sync(&self.name).await
    }
}
`,
      },
      path: 'src/bin/admin.rs',
      code: `use app::jobs::{Job, SyncIndex};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut conn = connect().await?;
    let names: Vec<String> = load_names(&mut conn).await?;
    for name in &names {
        SyncIndex::new(name).enqueue(&mut conn).await?;
    }
    Ok(())
}
`,
      lines: [8],
      messageId: 'loopOnce',
    },
    {
      name: 'a cap in the thousands is a page size, not a handful; a check that only logs does not cap',
      code: `async fn invite(State(pool): State<PgPool>, Json(req): Json<InviteRequest>) -> Result<StatusCode, ApiError> {
    let emails = req.emails;
    if emails.len() > 5000 {
        return Err(ApiError::bad_request("too many"));
    }
    for email in &emails {
        sqlx::query("INSERT INTO invites (email) VALUES ($1)").bind(email).execute(&pool).await?;
    }
    if emails.len() > 10 {
        tracing::warn!("many invites");
    }
    for email in &emails {
        sqlx::query("UPDATE invites SET sent = true WHERE email = $1").bind(email).execute(&pool).await?;
    }
    Ok(StatusCode::CREATED)
}
`,
      lines: [7, 13],
      messageId: 'loop',
    },
    {
      name: 'the cap is on another list than the one walked',
      code: `async fn invite(State(pool): State<PgPool>, Json(req): Json<InviteRequest>) -> Result<StatusCode, ApiError> {
    if req.teams.len() > 3 {
        return Err(ApiError::bad_request("too many teams"));
    }
    let emails = req.emails;
    for email in &emails {
        sqlx::query("INSERT INTO invites (email) VALUES ($1)").bind(email).execute(&pool).await?;
    }
    Ok(StatusCode::CREATED)
}
`,
      lines: [7],
      messageId: 'loop',
    },
    {
      name: 'inserts filtered by a set the caller passed in (not a lookup of the rows): every item may be missing',
      code: `use std::collections::HashSet;
pub async fn attach_labels(conn: &mut PgConnection, labels: &[String], skip: HashSet<String>) -> sqlx::Result<()> {
    let skipped = skip;
    for label in labels.iter().filter(|l| !skipped.contains(*l)) {
        sqlx::query("INSERT INTO labels (name) VALUES ($1)").bind(label).execute(&mut *conn).await?;
    }
    Ok(())
}
`,
      lines: [5],
      messageId: 'loop',
    },
    {
      name: 'an UPDATE per item the lookup found (not inserts of the misses)',
      code: `use std::collections::HashSet;
pub async fn touch_labels(conn: &mut PgConnection, labels: &[String]) -> sqlx::Result<()> {
    let present: HashSet<String> = sqlx::query_scalar("SELECT name FROM labels WHERE name = ANY($1)")
        .bind(labels)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    for label in labels.iter().filter(|l| !present.contains(*l)) {
        sqlx::query("UPDATE labels SET seen = now() WHERE name = $1").bind(label).execute(&mut *conn).await?;
    }
    Ok(())
}
`,
      lines: [10],
      messageId: 'loop',
    },
    {
      name: 'the same uncalled fn in a module the program uses too (callers the model does not see may pass any list)',
      manifests: {
        'ledger/Cargo.toml': '[package]\nname = "ledger"\n',
        'api/Cargo.toml': '[package]\nname = "api"\n[dependencies]\nledger = { path = "../ledger" }\n',
      },
      files: {
        'ledger/src/lib.rs': 'pub mod seeding;\n',
        'ledger/tests/entries.rs': 'use ledger::seeding::*;\n#[tokio::test]\nasync fn counts() { let pool = pool().await; seed_entry(&pool, 5).await.unwrap(); }\n',
        'api/src/main.rs': '#[tokio::main]\nasync fn main() { let pool = connect().await; ledger::seeding::seed_entry(&pool, 0).await.unwrap(); }\n',
      },
      path: 'ledger/src/seeding.rs',
      code: SEEDING,
      lines: [7],
      messageId: 'loop',
    },
    {
      name: 'a miss check on one map that fills another: the query runs for every post',
      code: `use std::collections::HashMap;
async fn feed(State(pool): State<PgPool>) -> Json<Vec<Entry>> {
    let posts = sqlx::query_as::<_, Post>("SELECT * FROM posts LIMIT 50").fetch_all(&pool).await.unwrap_or_default();
    let seen: HashMap<i64, ()> = HashMap::new();
    let mut authors: HashMap<i64, Author> = HashMap::new();
    let mut out = Vec::new();
    for post in posts {
        if !seen.contains_key(&post.author_id) {
            let author = sqlx::query_as::<_, Author>("SELECT * FROM authors WHERE id = $1").bind(post.author_id).fetch_one(&pool).await.unwrap();
            authors.insert(post.author_id, author);
        }
        out.push(Entry { title: post.title });
    }
    Json(out)
}
`,
      lines: [9],
      messageId: 'loop',
    },
    {
      name: 'the same loop when one caller passes the regions of a request body (not a fixed list)',
      files: { 'src/main.rs': `mod sync;
async fn set_quotas(State(pool): State<PgPool>, Json(regions): Json<Vec<sync::Region>>) -> StatusCode {
    sync::apply_quotas(&pool, &regions).await.unwrap();
    StatusCode::OK
}
#[tokio::main]
async fn main() {
    let pool = connect().await;
    tokio::spawn(sync::every_hour(pool.clone()));
    let app = Router::new().route("/quotas", post(set_quotas));
    serve(app).await;
}
` },
      path: 'src/sync.rs',
      code: `pub struct Region { pub code: String, pub quota: i64 }
pub static REGIONS: &[Region] = &[];

pub async fn every_hour(pool: PgPool) {
    loop {
        apply_quotas(&pool, REGIONS).await.ok();
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

${APPLY_QUOTAS}`,
      lines: [13],
      messageId: 'loop',
    },
    {
      name: 'a loop over a parameter of an exported fn of a library (callers outside the crate pass any list)',
      manifests: { 'Cargo.toml': `[package]
name = "quotas"
` },
      path: 'src/lib.rs',
      code: `pub static REGIONS: &[Region] = &[];

pub async fn refresh_defaults(pool: &PgPool) -> sqlx::Result<()> {
    apply_quotas(pool, REGIONS).await
}

${APPLY_QUOTAS}`,
      lines: [9],
      messageId: 'loop',
    },
    {
      name: 'a loop over a field of boxed plain structs (rows, not implementations)',
      code: `pub struct Batch {
    pool: PgPool,
    members: Vec<Box<Member>>,
}
impl Batch {
    pub async fn save(&self) -> sqlx::Result<()> {
        for m in &self.members {
            sqlx::query("UPDATE members SET seen = now() WHERE id = $1").bind(m.id).execute(&self.pool).await?;
        }
        Ok(())
    }
}
`,
      lines: [8],
      messageId: 'loop',
    },
    {
      name: 'the same per-tenant loop in a fn a route handler calls (every request pays N round trips)',
      files: { 'src/main.rs': `mod seed;
async fn refresh(State(pool): State<PgPool>, Json(tenants): Json<Vec<Tenant>>) -> StatusCode {
    seed::ensure_quotas(&pool, tenants).await.unwrap();
    StatusCode::OK
}
#[tokio::main]
async fn main() {
    let app = Router::new().route("/quotas", post(refresh));
    serve(app).await;
}
` },
      path: 'src/seed.rs',
      code: ENSURE_QUOTAS,
      lines: [3],
      messageId: 'loop',
    },
    {
      name: 'a query built by a model fn, run on a diesel connection parameter in a for loop',
      code: `use diesel::prelude::*;
pub fn owners(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<Vec<User>> {
    let mut out = Vec::new();
    for id in ids {
        let user: User = User::by_id(*id).first(conn)?;
        out.push(user);
    }
    Ok(out)
}
`,
      lines: [5],
      messageIncludes: '`User::by_id..first(..)`',
    },
    {
      name: 'a diesel query in a sync closure over an iterator, collected into a Result<Vec<_>>',
      code: `use diesel::prelude::*;
pub fn resolve_tags(conn: &mut PgConnection, names: &[String]) -> QueryResult<Vec<Tag>> {
    names
        .iter()
        .map(|name| {
            let tag = tags::table.filter(tags::name.eq(name)).first::<Tag>(conn)?;
            Ok(tag)
        })
        .collect::<QueryResult<Vec<_>>>()
}
`,
      lines: [6],
      messageIncludes: '`.map(..)` over each item',
    },
    {
      name: 'a sync helper of the same file running a diesel query, called per item of a map',
      code: `use diesel::prelude::*;
fn badge_for(conn: &mut PgConnection, user: &User) -> QueryResult<Badge> {
    badges::table.filter(badges::user_id.eq(user.id)).first::<Badge>(conn)
}
pub fn badges(conn: &mut PgConnection, users: Vec<User>) -> QueryResult<Vec<Badge>> {
    users.iter().map(|u| badge_for(conn, u)).collect()
}
`,
      lines: [6],
      messageIncludes: '`badge_for(..)`',
    },
    {
      name: 'a loop over a range whose end is only known at run time',
      code: `pub async fn pages(pool: &PgPool, count: i64) -> sqlx::Result<()> {
    for page in 0..count {
        sqlx::query("UPDATE report SET done = true WHERE page = $1").bind(page).execute(pool).await?;
    }
    Ok(())
}
`,
      lines: [3],
    },
    {
      name: 'query futures pushed but awaited one by one',
      code: `pub async fn add_tiers(pool: &PgPool, plan: i64, tiers: &[Tier]) -> sqlx::Result<()> {
    for tier in tiers {
        let insert = sqlx::query("INSERT INTO tiers (plan_id, seats) VALUES ($1, $2)").bind(plan).bind(tier.seats).execute(pool);
        insert.await?;
    }
    Ok(())
}
`,
      lines: [3],
    },
    {
      name: 'self method running a query, per item through buffered',
      code: `use futures::stream::{self, StreamExt};
pub struct Reports {
    pool: PgPool,
}
impl Reports {
    async fn open_count(&self, team: Uuid) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT count(*) FROM tickets WHERE team_id = $1 AND closed_at IS NULL")
            .bind(team)
            .fetch_one(&self.pool)
            .await
    }
    pub async fn per_team(&self, teams: Vec<Uuid>) -> Vec<sqlx::Result<i64>> {
        stream::iter(teams)
            .map(|t| self.open_count(t))
            .buffered(4)
            .collect()
            .await
    }
}
`,
      lines: [14],
      messageIncludes: '`self.open_count(..)` runs once per iteration of `.map(..)` over each item',
    },
    {
      name: 'method of a type declared in the file, called on a parameter in a for loop',
      code: `pub struct InvoiceStore {
    db: PgPool,
}
impl InvoiceStore {
    pub async fn latest_for(&self, customer: i64) -> sqlx::Result<Option<Invoice>> {
        sqlx::query_as::<_, Invoice>("SELECT * FROM invoices WHERE customer_id = $1 ORDER BY issued_at DESC LIMIT 1")
            .bind(customer)
            .fetch_optional(&self.db)
            .await
    }
}
pub async fn overview(store: &InvoiceStore, customers: &[Customer]) -> sqlx::Result<Vec<Row>> {
    let mut out = Vec::new();
    for c in customers {
        let inv = store.latest_for(c.id).await?;
        out.push(Row { customer: c.id, inv });
    }
    Ok(out)
}
`,
      lines: [15],
      messageIncludes: '`store.latest_for(..)`',
    },
    {
      name: 'method reached through a struct field (tokio-postgres client inside), joined',
      code: `use tokio_postgres::Client;
pub struct Prices { client: Client }
impl Prices {
    pub async fn current(&self, sku: &str) -> Result<i64, tokio_postgres::Error> {
        let row = self.client.query_one("SELECT cents FROM prices WHERE sku = $1", &[&sku]).await?;
        Ok(row.get(0))
    }
}
pub struct Catalog { prices: Arc<Prices> }
impl Catalog {
    pub async fn quote(&self, skus: &[String]) -> Result<Vec<i64>, tokio_postgres::Error> {
        futures::future::try_join_all(skus.iter().map(|s| self.prices.current(s))).await
    }
}
`,
      lines: [12],
      messageIncludes: '`self.prices.current(..)`',
    },
    {
      name: 'Self:: associated helper that takes a connection from the pool, awaited in then()',
      code: `pub struct Feed { pool: PgPool }
impl Feed {
    async fn author(&self, id: i64) -> sqlx::Result<Author> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query_as::<_, Author>("SELECT * FROM authors WHERE id = $1").bind(id).fetch_one(&mut *conn).await
    }
    pub async fn authors(&self, posts: Vec<Post>) -> Vec<sqlx::Result<Author>> {
        stream::iter(posts).then(|p| async move { Self::author(self, p.author_id).await }).collect().await
    }
}
`,
      lines: [8],
      messageIncludes: '`Self::author(..)`',
    },
    {
      name: 'blocking diesel helper function of the file, in a for loop',
      code: `use diesel::prelude::*;
fn owner_of(conn: &mut PgConnection, pet: i64) -> QueryResult<Owner> {
    owners::table.inner_join(pets::table).filter(pets::id.eq(pet)).select(Owner::as_select()).first(conn)
}
pub fn owners_for(conn: &mut PgConnection, pets: &[Pet]) -> QueryResult<Vec<Owner>> {
    let mut out = Vec::with_capacity(pets.len());
    for p in pets {
        out.push(owner_of(conn, p.id)?);
    }
    Ok(out)
}
`,
      lines: [8],
      messageIncludes: '`owner_of(..)`',
    },
    {
      name: 'helper futures per id, joined',
      code: `pub async fn users(State(state): State<AppState>, Json(ids): Json<Vec<i64>>) -> Result<Json<Vec<User>>, ApiError> {
    let users = futures::future::try_join_all(ids.into_iter().map(|id| repo::find_user(&state.db, id))).await?;
    Ok(Json(users))
}
`,
      lines: [2],
      messageIncludes: '`repo::find_user(..)`',
    },
    {
      name: 'repository helper handed the pool, per id (actix)',
      code: `pub async fn owners(data: web::Data<AppState>, ids: web::Json<Vec<Uuid>>) -> Result<HttpResponse, ApiError> {
    let mut users = Vec::new();
    for id in ids.iter() {
        users.push(repo::users::find(&data.db, *id).await?);
    }
    Ok(HttpResponse::Ok().json(users))
}
`,
      lines: [4],
      messageIncludes: '`repo::users::find(..)` runs once per iteration',
    },
    {
      name: 'query_as! per row in a for loop',
      code: `pub async fn list(pool: &PgPool, rows: Vec<OrderRow>) -> Result<Vec<Summary>, ApiError> {
    let mut orders = Vec::new();
    for row in rows {
        let items = sqlx::query_as!(
            Item,
            "SELECT sku FROM order_items WHERE order_id = $1",
            row.id
        )
        .fetch_all(pool)
        .await?;
        orders.push(Summary { items });
    }
    Ok(orders)
}
`,
      lines: [4],
      messageIncludes: '`sqlx::query_as!` runs once per iteration of `for row in rows`',
    },
    {
      name: 'iterator chain with join_all',
      code: `use futures::future::try_join_all;
pub async fn owners(pool: &PgPool, ids: &[Uuid]) -> sqlx::Result<Vec<User>> {
    let futures = ids.iter().map(|id| async move {
        sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(pool).await
    });
    try_join_all(futures).await
}
`,
      lines: [4],
      messageIncludes: '`.map(..)` over each item',
    },
    {
      name: 'stream buffer_unordered with tokio-postgres',
      code: `use tokio_postgres::Client;
pub async fn counts(client: &Client, ids: Vec<i64>) -> Vec<i64> {
    stream::iter(ids)
        .map(|id| async move { client.query_one("SELECT count(*) FROM likes WHERE post_id = $1", &[&id]).await })
        .buffer_unordered(8)
        .collect()
        .await
}
`,
      lines: [4],
    },
    {
      name: 'per-row insert in a while let over a stream',
      code: `pub async fn copy(pool: &PgPool, mut rows: BoxStream<'_, Row>) -> sqlx::Result<()> {
    while let Some(row) = rows.try_next().await? {
        sqlx::query("INSERT INTO archive (id) VALUES ($1)").bind(row.id).execute(pool).await?;
    }
    Ok(())
}
`,
      lines: [3],
    },
    {
      name: 'diesel-async load in a loop',
      code: `use diesel::prelude::*;
use diesel_async::RunQueryDsl;
pub async fn f(conn: &mut AsyncPgConnection, users: Vec<User>) -> QueryResult<()> {
    for u in &users {
        let posts: Vec<Post> = posts::table.filter(posts::user_id.eq(u.id)).load(conn).await?;
        drop(posts);
    }
    Ok(())
}
`,
      lines: [5],
    },
    {
      name: 'a query helper in another module, called per item (through a `use crate::..` path)',
      files: {
        'src/lib.rs': `pub mod db;
pub mod web;
`,
        'src/db/mod.rs': 'pub mod releases;\n',
        'src/db/releases.rs': `pub async fn for_crate(conn: &mut PgConnection, crate_id: i32) -> sqlx::Result<Vec<Release>> {
    sqlx::query_as("SELECT * FROM releases WHERE crate_id = $1")
        .bind(crate_id)
        .fetch_all(&mut *conn)
        .await
}
`,
      },
      path: 'src/web/crates.rs',
      code: `use crate::db::releases;

pub async fn listing(mut conn: PoolConnection<Postgres>, crates: Vec<Crate>) -> Vec<Row> {
    let mut rows = Vec::new();
    for krate in &crates {
        let rels = releases::for_crate(&mut conn, krate.id).await.unwrap_or_default();
        rows.push(Row::new(krate, rels));
    }
    rows
}
`,
      lines: [6],
    },
  ],
});

/** Per-item work that is a request to another service: the query records its outcome, batching it removes no round trip. */
testFileRule(rule, {
  valid: [
    {
      name: 'each outbox entry is posted to its subscriber, then deleted or rescheduled by what the post returned',
      path: 'src/outbox.rs',
      code: `pub async fn deliver(pool: &PgPool, client: &reqwest::Client) -> sqlx::Result<()> {
    let due = sqlx::query_as::<_, Entry>("SELECT * FROM outbox WHERE due_at <= now()").fetch_all(pool).await?;
    for entry in due {
        let request = client.post(&entry.target).json(&entry.body);
        match request.send().await {
            Ok(r) if r.status().is_success() => {
                sqlx::query("DELETE FROM outbox WHERE id = $1").bind(entry.id).execute(pool).await?;
            }
            _ => {
                sqlx::query("UPDATE outbox SET tries = tries + 1 WHERE id = $1").bind(entry.id).execute(pool).await?;
            }
        }
    }
    Ok(())
}
`,
    },
  ],
  invalid: [
    {
      name: 'the same loop without a request per entry: the updates are an N+1',
      path: 'src/outbox.rs',
      code: `pub async fn expire(pool: &PgPool) -> sqlx::Result<()> {
    let due = sqlx::query_as::<_, Entry>("SELECT * FROM outbox WHERE due_at <= now()").fetch_all(pool).await?;
    for entry in due {
        sqlx::query("UPDATE outbox SET tries = tries + 1 WHERE id = $1").bind(entry.id).execute(pool).await?;
    }
    Ok(())
}
`,
      lines: [4],
    },
  ],
});

/** Values of a fieldless enum: a handful of variants, not rows (the enum resolved through the crate's `use`s). */
testFileRule(rule, {
  valid: [
    {
      name: 'an iterator of a fieldless enum declared in another module (impl Iterator<Item = ..>)',
      path: 'src/media/store.rs',
      files: { 'src/media/formats.rs': 'pub enum Format {\n    Png = 0,\n    Jpeg = 1,\n    Webp = 2,\n}\n', 'src/media/mod.rs': 'pub mod formats;\npub mod store;\n' },
      code: `use super::formats::Format;

pub async fn record_formats(conn: &mut PgConnection, image: i64, formats: impl Iterator<Item = Format>) -> sqlx::Result<()> {
    for f in formats {
        sqlx::query("INSERT INTO image_formats (image, format) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(image)
            .bind(f as i32)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'a generic parameter bound in a where clause, the enum in another member of the workspace',
      manifests: {
        'shop-core/Cargo.toml': '[package]\nname = "shop-core"\n',
        'shop-api/Cargo.toml': '[package]\nname = "shop-api"\n[dependencies]\nshop-core = { path = "../shop-core" }\n',
      },
      files: { 'shop-core/src/lib.rs': 'pub mod channel;\npub use channel::Channel;\n', 'shop-core/src/channel.rs': 'pub enum Channel {\n    Email,\n    Sms,\n    Push,\n}\n' },
      path: 'shop-api/src/prefs.rs',
      code: `use shop_core::Channel;

pub async fn enable<I>(pool: &PgPool, user: i64, channels: I) -> sqlx::Result<()>
where
    I: IntoIterator<Item = Channel>,
{
    for c in channels {
        sqlx::query("INSERT INTO prefs (user_id, channel) VALUES ($1, $2)").bind(user).bind(c as i16).execute(pool).await?;
    }
    Ok(())
}
`,
    },
  ],
  invalid: [
    {
      name: 'an enum whose variants carry data: its values are data, one query each',
      path: 'src/media/store.rs',
      files: { 'src/media/events.rs': 'pub enum Upload {\n    Image(Vec<u8>),\n    Video { bytes: Vec<u8>, seconds: u32 },\n}\n', 'src/media/mod.rs': 'pub mod events;\npub mod store;\n' },
      code: `use super::events::Upload;

pub async fn save_all(pool: &PgPool, uploads: Vec<Upload>) -> sqlx::Result<()> {
    for u in uploads {
        sqlx::query("INSERT INTO uploads (size) VALUES ($1)").bind(u.size() as i64).execute(pool).await?;
    }
    Ok(())
}
`,
      lines: [5],
    },
    {
      name: 'a type of the same name the file does not import is not that enum',
      path: 'src/media/store.rs',
      files: { 'src/media/formats.rs': 'pub enum Format {\n    Png,\n    Jpeg,\n}\n', 'src/media/mod.rs': 'pub mod formats;\npub mod rows;\npub mod store;\n', 'src/media/rows.rs': 'pub struct Format { pub image: i64, pub name: String }\n' },
      code: `use super::rows::Format;

pub async fn save_rows(pool: &PgPool, rows: &[Format]) -> sqlx::Result<()> {
    for r in rows {
        sqlx::query("INSERT INTO image_formats (image, name) VALUES ($1, $2)").bind(r.image).bind(&r.name).execute(pool).await?;
    }
    Ok(())
}
`,
      lines: [5],
    },
  ],
});
