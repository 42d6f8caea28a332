import rule from '../../../src/rules/database/sql-injection.js';
import { testFileRule } from '../../helpers/rule-tester.js';

/** A crate whose helpers run a string parameter as SQL: sqlx in one file, a warehouse client behind a trait object that posts it in another. */
const HELPER_CRATE: Record<string, string> = {
  'src/lib.rs': `pub mod store;
pub mod warehouse;
pub mod reports;
`,
  'src/store.rs': `pub async fn run_raw(pool: &PgPool, sql: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query(sql).execute(pool).await?.rows_affected())
}

pub async fn find_like(pool: &PgPool, pattern: &str) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as("SELECT * FROM carts WHERE owner LIKE $1").bind(pattern).fetch_all(pool).await
}
`,
  'src/warehouse.rs': `use std::sync::Arc;

pub trait Warehouse: Send + Sync {
    async fn run_sql(&self, statement: String) -> Result<String, Error>;
    async fn upload(&self, payload: String) -> Result<String, Error>;
}

pub struct HttpWarehouse { http: reqwest::Client, url: String }

impl Warehouse for HttpWarehouse {
    async fn run_sql(&self, statement: String) -> Result<String, Error> {
        Ok(self.http.post(&self.url).body(statement).send().await?.text().await?)
    }
    async fn upload(&self, payload: String) -> Result<String, Error> {
        Ok(self.http.post(&self.url).body(payload).send().await?.text().await?)
    }
}

pub struct Analytics { inner: Arc<dyn Warehouse> }

impl Analytics {
    pub async fn select_rows(&self, query: String) -> Result<String, Error> {
        self.inner.run_sql(query).await
    }
    pub async fn upload(&self, body: String) -> Result<String, Error> {
        self.inner.upload(body).await
    }
}
`,
};

testFileRule(rule, {
  valid: [
    {
      name: 'a crate helper given a literal, a helper whose string parameter is bound as a value, and a body that is not named SQL',
      files: HELPER_CRATE,
      path: 'src/reports.rs',
      code: `use crate::store::{find_like, run_raw};
use crate::warehouse::Analytics;

pub async fn vacuum(pool: &PgPool) -> sqlx::Result<u64> {
    run_raw(pool, "DELETE FROM carts WHERE expires_at < now()").await
}

pub async fn search(pool: &PgPool, q: &str) -> sqlx::Result<Vec<Row>> {
    find_like(pool, &format!("%{q}% WHERE")).await
}

pub async fn export(analytics: &Analytics, region: &str) -> Result<String, Error> {
    analytics.upload(format!("SELECT rows FROM region {region}")).await
}
`,
    },
    {
      name: 'a crate helper handed SQL its caller built from its own constants and numbers (a bucket chosen by a match, a count)',
      files: {
        'src/lib.rs': 'pub mod store;\npub mod reports;\n',
        'src/store.rs': `pub async fn run_raw(pool: &PgPool, sql: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query(sql).execute(pool).await?.rows_affected())
}
`,
      },
      path: 'src/reports.rs',
      code: `use crate::store::run_raw;

pub async fn rollup(pool: &PgPool, window: Window, periods: u32) -> sqlx::Result<u64> {
    let bucket = match window {
        Window::Hour => "date_trunc('hour', at)",
        Window::Day => "date_trunc('day', at)",
    };
    let since = format!("at >= now() - INTERVAL '{periods} days'");
    let sql = format!("INSERT INTO rollups SELECT {bucket}, count(*) FROM events WHERE {since} GROUP BY 1");
    run_raw(pool, &sql).await
}
`,
    },
    {
      name: "a schema name formatted by a package only other members' dev-dependencies use (test support)",
      manifests: {
        'Cargo.toml': `[workspace]
members = ["shop", "shop-testdb"]
`,
        'shop/Cargo.toml': `[package]
name = "shop"
[dev-dependencies]
shop-testdb = { path = "../shop-testdb" }
`,
        'shop-testdb/Cargo.toml': `[package]
name = "shop-testdb"
`,
      },
      files: { 'shop/src/lib.rs': 'pub fn total() -> i64 { 0 }\n' },
      path: 'shop-testdb/src/lib.rs',
      code: `pub async fn fresh_schema(pool: &PgPool, schema: &str) -> sqlx::Result<()> {
    sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(pool).await?;
    Ok(())
}
`,
    },
    {
      name: 'table and column names destructured from a const list in a for pattern',
      code: `const AUDITED: &[(&str, &str)] = &[("audit_events", "actor_id"), ("audit_exports", "owner_id")];

pub async fn forget_actor(pool: &PgPool, actor: i64) -> sqlx::Result<()> {
    for &(table, column) in AUDITED {
        let sql = format!("DELETE FROM {table} WHERE {column} = $1");
        sqlx::query(&sql).bind(actor).execute(pool).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'a unit from a method of another file that returns only string literals, bound first',
      files: {
        'src/lib.rs': `pub mod period;
pub mod stats;
`,
        'src/period.rs': `pub enum Bucket { Hour, Day }

impl Bucket {
    pub fn trunc_unit(&self) -> &str {
        match self {
            Bucket::Hour => "hour",
            Bucket::Day => "day",
        }
    }
}
`,
      },
      path: 'src/stats.rs',
      code: `use sqlx::QueryBuilder;
use crate::period::Bucket;

pub async fn per_bucket(pool: &PgPool, bucket: Bucket) -> sqlx::Result<Vec<Row>> {
    let unit = bucket.trunc_unit();
    let mut qb: QueryBuilder<sqlx::Postgres> = QueryBuilder::new("SELECT date_trunc('");
    qb.push(unit);
    qb.push("', placed_at) AS at, count(*) FROM orders GROUP BY 1");
    qb.build_query_as().fetch_all(pool).await
}
`,
    },
    {
      name: 'a Duration field turned into milliseconds',
      code: `pub struct Limits { pub lock_wait: Duration }

impl Limits {
    pub async fn apply(&self, conn: &mut PgConnection) -> sqlx::Result<()> {
        let ms = self.lock_wait.as_millis();
        sqlx::query(&format!("SET lock_timeout = {ms}")).execute(conn).await?;
        Ok(())
    }
}
`,
    },
    {
      name: 'run-time SQL wrapped in sqlx AssertSqlSafe (an explicit opt-in)',
      code: `use sqlx::AssertSqlSafe;

pub async fn switch_schema(conn: &mut PgConnection, tenant: &str) -> sqlx::Result<()> {
    sqlx::query(AssertSqlSafe(format!("SET search_path TO {tenant}"))).execute(conn).await?;
    let sql = sqlx::AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {tenant}"));
    sqlx::query(sql).execute(conn).await?;
    Ok(())
}
`,
    },
    {
      name: 'an enumerate index turned into a number',
      code: `pub async fn space_out(conn: &mut PgConnection, seqs: Vec<i64>) -> sqlx::Result<()> {
    for (i, _) in seqs.iter().enumerate() {
        let start = (i + 1) * 1000;
        sqlx::query(&format!("SELECT setval('shard_seq', {start})")).execute(&mut *conn).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'literal SQL with binds',
      code: `pub async fn find(pool: &PgPool, sku: &str) -> sqlx::Result<Option<Row>> {
    sqlx::query_as::<_, Row>("SELECT id FROM products WHERE sku = $1").bind(sku).fetch_optional(pool).await
}
`,
    },
    {
      name: 'query! macro with arguments',
      code: `pub async fn find(pool: &PgPool, id: Uuid) -> sqlx::Result<Row> {
    sqlx::query_as!(Row, "SELECT id FROM t WHERE id = $1", id).fetch_one(pool).await
}
`,
    },
    {
      name: 'format! of constants only',
      code: `const COLUMNS: &str = "id, name";
pub async fn all(pool: &PgPool) -> sqlx::Result<Vec<Row>> {
    let sql = format!("SELECT {COLUMNS} FROM products WHERE id = $1");
    sqlx::query_as(&sql).fetch_all(pool).await
}
`,
    },
    {
      name: 'sort column from an allow-list match',
      code: `pub async fn list(pool: &PgPool, sort: Sort, desc: bool) -> sqlx::Result<Vec<Row>> {
    let column = match sort {
        Sort::Name => "name",
        Sort::Price => "price_cents",
    };
    let dir = if desc { "DESC" } else { "ASC" };
    let sql = format!("SELECT id FROM products ORDER BY {column} {dir} LIMIT $1");
    sqlx::query_as(&sql).bind(50_i64).fetch_all(pool).await
}
`,
    },
    {
      name: 'generated $n placeholders',
      code: `pub async fn by_ids(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<Row>> {
    let placeholders = (1..=ids.len()).map(|i| format!("\${i}")).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT id FROM t WHERE id IN ({placeholders})");
    let mut q = sqlx::query_as(&sql);
    for id in ids { q = q.bind(id); }
    q.fetch_all(pool).await
}
`,
    },
    {
      name: 'QueryBuilder with push_bind and literal pushes',
      code: `use sqlx::QueryBuilder;
pub async fn search(pool: &PgPool, q: &str) -> sqlx::Result<Vec<Row>> {
    let mut qb = QueryBuilder::new("SELECT id FROM t WHERE 1 = 1");
    qb.push(" AND name ILIKE ").push_bind(format!("%{q}%"));
    qb.build_query_as().fetch_all(pool).await
}
`,
    },
    {
      name: 'format! for a log line, not SQL',
      code: `pub async fn go(client: &Client, name: &str) -> Result<()> {
    let msg = format!("hello {name}");
    client.execute(&msg).await
}
`,
    },
    {
      name: 'numeric limit from clamp',
      code: `pub async fn page(pool: &PgPool, per_page: Option<i64>) -> sqlx::Result<Vec<Row>> {
    let limit = per_page.unwrap_or(20).clamp(1, 100);
    let sql = format!("SELECT id FROM t ORDER BY id LIMIT {limit}");
    sqlx::query_as(&sql).fetch_all(pool).await
}
`,
    },
    {
      name: 'test code',
      code: `#[cfg(test)]
mod tests {
    async fn reset(pool: &PgPool, table: &str) {
        sqlx::query(&format!("TRUNCATE {table} CASCADE")).execute(pool).await.unwrap();
    }
}
`,
    },
    {
      name: 'tokio-postgres with params',
      code: `pub async fn get(client: &tokio_postgres::Client, id: i64) -> Result<Row, Error> {
    client.query_one("SELECT * FROM users WHERE id = $1", &[&id]).await
}
`,
    },
    {
      name: 'positional allow-list column and a clause of constants',
      code: `pub async fn list(pool: &PgPool, by_price: bool) -> sqlx::Result<Vec<Row>> {
    let column = if by_price { "price_cents" } else { "name" };
    let filter = format!("{} > 0", "price_cents");
    let sql = format!("SELECT id FROM products WHERE {} ORDER BY {} LIMIT 50", filter, column);
    sqlx::query_as(&sql).fetch_all(pool).await
}
`,
    },
    {
      name: 'constants joined, a loop over literal table names',
      code: `const COLUMNS: [&str; 2] = ["id", "name"];
pub async fn all(pool: &PgPool) -> sqlx::Result<()> {
    let sql = format!("SELECT {} FROM users WHERE id = $1", COLUMNS.join(", "));
    sqlx::query(&sql).bind(1_i64).execute(pool).await?;
    for table in ["orders", "order_items"] {
        sqlx::query(&format!("ANALYZE {table}")).execute(pool).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'dynamic filters pushed as numbered placeholders, then joined',
      code: `pub async fn search(pool: &PgPool, f: &Filter) -> sqlx::Result<Vec<Row>> {
    let mut conditions = vec!["TRUE".to_string()];
    let mut n = 0;
    if f.status.is_some() {
        n += 1;
        conditions.push(format!("status = \${n}"));
    }
    let sql = format!("SELECT id FROM tickets WHERE {} LIMIT 50", conditions.join(" AND "));
    let mut q = sqlx::query_as(&sql);
    if let Some(s) = &f.status { q = q.bind(s); }
    q.fetch_all(pool).await
}
`,
    },
    {
      name: 'QueryBuilder push of an enum method returning &\'static str',
      code: `use sqlx::QueryBuilder;
impl SortColumn {
    fn as_sql(&self) -> &'static str {
        match self { SortColumn::Name => "name", SortColumn::Price => "price_cents" }
    }
}
pub async fn list(pool: &PgPool, sort: SortColumn) -> sqlx::Result<Vec<Row>> {
    let mut qb = QueryBuilder::new("SELECT id FROM products ORDER BY ");
    qb.push(sort.as_sql());
    let sql = format!("SELECT id FROM products ORDER BY {} LIMIT 10", sort.as_sql());
    sqlx::query(&sql).fetch_all(pool).await?;
    qb.build_query_as().fetch_all(pool).await
}
`,
    },
    {
      name: 'chained QueryBuilder pushes of allow-listed column and direction, values bound',
      code: `use sqlx::{Postgres, QueryBuilder};
pub async fn invoices(pool: &PgPool, f: InvoiceFilter) -> sqlx::Result<Vec<Invoice>> {
    let column = match f.order { InvoiceOrder::Due => "due_on", InvoiceOrder::Amount => "amount_cents" };
    let direction = if f.descending { "DESC" } else { "ASC" };
    let mut builder: QueryBuilder<Postgres> = QueryBuilder::new("SELECT id, due_on FROM invoices WHERE org_id = ");
    builder.push_bind(f.org_id).push(" ORDER BY ").push(column).push(" ").push(direction);
    builder.push(" LIMIT ").push(f.per_page.clamp(1, 200));
    builder.build_query_as().fetch_all(pool).await
}
`,
    },
    {
      name: 'a WHERE clause returned by a same-file helper that numbers placeholders (tuple and plain let)',
      code: [
        'fn in_list(ids: &[i64]) -> String {',
        '    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();',
        '    format!("id IN ({})", marks.join(", "))',
        '}',
        'fn status_clause(f: &Filter) -> (String, Vec<String>) {',
        '    let mut parts = Vec::new();',
        '    let mut values = Vec::new();',
        '    if let Some(s) = &f.status { values.push(s.clone()); parts.push(format!("status = ${}", values.len())); }',
        '    if parts.is_empty() { (String::new(), values) } else { (format!(" AND {}", parts.join(" AND ")), values) }',
        '}',
        'pub async fn load(pool: &PgPool, ids: &[i64], f: &Filter) -> sqlx::Result<Vec<Row>> {',
        '    let list = in_list(ids);',
        '    let (extra, _values) = status_clause(f);',
        '    let sql = format!("SELECT id FROM items WHERE {list}{extra}");',
        '    sqlx::query_as(&sql).fetch_all(pool).await',
        '}',
        '',
      ].join('\n'),
    },
    {
      name: 'sea-orm Statement with placeholders and values',
      code: `use sea_orm::{DbBackend, Statement};
pub async fn assigned(db: &DatabaseConnection, who: &str) -> Result<Vec<Model>, DbErr> {
    let stmt = Statement::from_sql_and_values(DbBackend::Postgres, "SELECT * FROM tickets WHERE assignee = $1", [who.into()]);
    Ticket::find().from_raw_sql(stmt).all(db).await
}
`,
    },
    {
      name: 'table name from an allow-list method of an enum in another file (a match of string literals)',
      files: {
        'src/lib.rs': `pub mod models;
pub mod repo;
`,
        'src/models.rs': `#[derive(Clone, Copy, serde::Deserialize)]
pub enum Ledger { Cash, Card }
impl Ledger {
    pub const fn table(self) -> &'static str {
        match self {
            Ledger::Cash => "cash_entries",
            Ledger::Card => "card_entries",
        }
    }
}
`,
      },
      path: 'src/repo.rs',
      code: `use crate::models::Ledger;

pub async fn latest(pool: &PgPool, kind: Ledger, account: i64) -> sqlx::Result<Option<Entry>> {
    let sql = format!("SELECT * FROM {} WHERE account_id = $1 ORDER BY posted_at DESC LIMIT 1", kind.table());
    sqlx::query_as(&sql).bind(account).fetch_optional(pool).await
}
`,
    },
    {
      name: 'a number parsed with a default, an allow-list match whose last arm bails out, text derived from a constant',
      code: `const TABLE: &str = "users";

pub async fn page(pool: &PgPool, limit: Option<String>, sort: &str) -> anyhow::Result<()> {
    let n = limit.unwrap().parse::<i64>().unwrap_or(10);
    let col = match sort { "name" => "name", "age" => "age", _ => anyhow::bail!("bad sort") };
    let sql = format!("SELECT * FROM {} ORDER BY {} LIMIT {}", TABLE.to_uppercase(), col, n);
    sqlx::query(&sql).execute(pool).await?;
    Ok(())
}
`,
    },
    {
      name: "a WHERE clause from this file's helper of literals and placeholders, bound with `mut` in a tuple",
      code: `fn where_clause(active: bool) -> (String, Vec<String>) {
    let mut w = String::from(" WHERE 1=1");
    if active { w.push_str(" AND active = $1"); }
    (w, vec![])
}

pub async fn list(pool: &PgPool, active: bool) -> sqlx::Result<()> {
    let (mut where_sql, params) = where_clause(active);
    where_sql.push_str(" AND 1=1");
    let sql = format!("SELECT * FROM users{}", where_sql);
    sqlx::query(&sql).execute(pool).await?;
    Ok(())
}
`,
    },
    {
      name: 'the SQL run is the outer constant string, not a same-named formatted string of a block that has ended',
      code: `pub async fn find(pool: &PgPool, name: &str, verbose: bool) -> sqlx::Result<Vec<Row>> {
    let sql = String::from("SELECT id FROM users WHERE name = $1");
    if verbose {
        let sql = format!("SELECT id FROM users WHERE name = '{name}'");
        tracing::debug!(%sql, "lookup");
    }
    sqlx::query_as(&sql).bind(name).fetch_all(pool).await
}
`,
    },
  ],
  invalid: [
    {
      name: 'a QueryBuilder push is judged by the text of its own builder, not an earlier one of the same name in a block that ended',
      code: `use sqlx::QueryBuilder;
async fn list(pool: &PgPool, sort: String) -> sqlx::Result<Vec<Note>> {
    {
        let mut qb = QueryBuilder::new("SELECT count(*) FROM notes WHERE tag = '");
        qb.push_bind(sort.len() as i64);
        qb.push("'");
    }
    let mut qb = QueryBuilder::new("SELECT id FROM notes ORDER BY ");
    qb.push(sort);
    qb.build_query_as().fetch_all(pool).await
}
`,
      lines: [9],
      messageId: 'pushIdentifier',
    },
    {
      name: 'the SQL run is the outer formatted string, not a same-named constant of a block that has ended',
      code: `pub async fn find(pool: &PgPool, name: &str, verbose: bool) -> sqlx::Result<Vec<Row>> {
    let mut sql = String::from("SELECT id FROM users");
    sql.push_str(&format!(" WHERE name = '{name}'"));
    if verbose {
        let mut sql = String::from("EXPLAIN ");
        sql.push_str("SELECT 1");
        tracing::debug!(%sql, "plan");
    }
    sqlx::query_as(&sql).fetch_all(pool).await
}
`,
      lines: [3],
    },
    {
      name: 'SQL formatted into the string parameter a crate helper runs (sqlx in another file; a warehouse client behind a trait object that posts it as the request body)',
      files: HELPER_CRATE,
      path: 'src/reports.rs',
      code: `use crate::store::run_raw;
use crate::warehouse::Analytics;

pub async fn purge(pool: &PgPool, owner: &str) -> sqlx::Result<u64> {
    run_raw(pool, &format!("DELETE FROM carts WHERE owner = '{owner}'")).await
}

pub async fn totals(analytics: &Analytics, region: &str) -> Result<String, Error> {
    analytics.select_rows(format!("SELECT sum(total) FROM orders WHERE region = '{region}'")).await
}
`,
      lines: [5, 9],
      messageIncludes: 'run_raw(..)',
    },
    {
      name: 'a parameter shadowed by a literal only inside a block that has closed is the parameter again at the format',
      code: `pub async fn list(pool: &PgPool, sort: String) -> sqlx::Result<Vec<Row>> {
    {
        let sort = "created_at";
        tracing::debug!(sort, "default order");
    }
    sqlx::query_as(&format!("SELECT * FROM carts ORDER BY {sort}")).fetch_all(pool).await
}
`,
      lines: [6],
    },
    {
      name: 'a named format argument used by position (rustc warns, and renders it)',
      code: `pub async fn list(pool: &PgPool, sort: String) -> sqlx::Result<Vec<Row>> {
    sqlx::query_as(&format!("SELECT * FROM carts ORDER BY {}", column = sort)).fetch_all(pool).await
}
`,
      lines: [2],
    },
    {
      name: 'a name destructured from a list of request data is not fixed',
      code: `pub async fn purge(pool: &PgPool, pairs: Vec<(String, String)>) -> sqlx::Result<()> {
    for (table, column) in pairs {
        let sql = format!("DELETE FROM {table} WHERE {column} IS NULL");
        sqlx::query(&sql).execute(pool).await?;
    }
    Ok(())
}
`,
      lines: [3],
    },
    {
      name: 'a method of another file that returns its input is not an allow-list',
      files: {
        'src/lib.rs': `pub mod filter;
pub mod list;
`,
        'src/filter.rs': `pub struct Filter { pub field: String }

impl Filter {
    pub fn column(&self) -> &str {
        &self.field
    }
}
`,
      },
      path: 'src/list.rs',
      code: `use crate::filter::Filter;

pub async fn sorted(pool: &PgPool, f: Filter) -> sqlx::Result<Vec<Row>> {
    let col = f.column();
    let sql = format!("SELECT id FROM items ORDER BY {col}");
    sqlx::query_as(&sql).fetch_all(pool).await
}
`,
      lines: [5],
    },
    {
      name: 'a same-file helper that puts a value into the clause it returns',
      code: [
        'fn name_clause(f: &Filter) -> (String, usize) {',
        '    (format!(" AND name = \'{}\'", f.name), 1)',
        '}',
        'pub async fn load(pool: &PgPool, f: &Filter) -> sqlx::Result<Vec<Row>> {',
        '    let (clause, _n) = name_clause(f);',
        '    let sql = format!("SELECT id FROM items WHERE active{clause}");',
        '    sqlx::query_as(&sql).fetch_all(pool).await',
        '}',
        '',
      ].join('\n'),
      lines: [6],
      messageIncludes: '`clause`',
    },
    {
      name: 'sea-orm Statement::from_string with a format!-ed value',
      code: `use sea_orm::{DbBackend, Statement};
pub async fn assigned(db: &DatabaseConnection, who: &str) -> Result<Vec<Model>, DbErr> {
    let stmt = Statement::from_string(
        DbBackend::Postgres,
        format!("SELECT * FROM tickets WHERE assignee = '{}'", who),
    );
    Ticket::find().from_raw_sql(stmt).all(db).await
}
`,
      lines: [5],
      messageIncludes: '`who`',
    },
    {
      name: 'a format! push then a plain push of the direction in one chain: one warning',
      code: `use sqlx::QueryBuilder;
pub async fn rooms(pool: &PgPool, key: String, direction: String) -> sqlx::Result<Vec<Room>> {
    let mut qb = QueryBuilder::new("SELECT id FROM rooms");
    qb.push(format!(" ORDER BY {} ", key)).push(direction);
    qb.build_query_as().fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`key`, `direction`',
      severity: 'warning',
    },
    {
      name: 'chained pushes of a sort column and a direction: one warning naming both',
      code: `use sqlx::QueryBuilder;
pub async fn shipments(pool: &PgPool, Query(opts): Query<ListOpts>) -> sqlx::Result<Vec<Shipment>> {
    let mut builder = QueryBuilder::new("SELECT id, carrier FROM shipments WHERE archived = false");
    builder
        .push(" ORDER BY ")
        .push(&opts.order_col)
        .push(" ")
        .push(&opts.order_dir);
    builder.build_query_as().fetch_all(pool).await
}
`,
      lines: [6],
      messageIncludes: '`opts.order_col`, `opts.order_dir`',
      severity: 'warning',
    },
    {
      name: 'one format! pushed with column and direction: one warning',
      code: `use sqlx::QueryBuilder;
pub async fn tickets(pool: &PgPool, col: String, way: String) -> sqlx::Result<Vec<Ticket>> {
    let mut qb = QueryBuilder::new("SELECT id FROM tickets WHERE open");
    qb.push(format!(" ORDER BY {} {}", col, way));
    qb.build_query_as().fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`col`, `way`',
      severity: 'warning',
    },
    {
      name: 'the sort column pushed after QueryBuilder::new ending in ORDER BY: warning',
      code: `use sqlx::QueryBuilder;
pub async fn devices(pool: &PgPool, sort_key: String) -> sqlx::Result<Vec<Device>> {
    let mut qb = QueryBuilder::new("SELECT id, label FROM devices ORDER BY ");
    qb.push(sort_key);
    qb.push(" LIMIT 100");
    qb.build_query_as().fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`sort_key`',
      severity: 'warning',
    },
    {
      name: 'a value and a column pushed in one chain: one error naming both',
      code: `use sqlx::QueryBuilder;
pub async fn customers(pool: &PgPool, region: String, order: String) -> sqlx::Result<Vec<Customer>> {
    let mut qb = QueryBuilder::new("SELECT id FROM customers WHERE ");
    qb.push("region = '").push(region).push("' ORDER BY ").push(order);
    qb.build_query_as().fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`region`, `order`',
      severity: 'error',
    },
    {
      name: 'a value and a direction in one format! pushed: one error',
      code: `use sqlx::QueryBuilder;
pub async fn notes(pool: &PgPool, owner: String, dir: String) -> sqlx::Result<Vec<Note>> {
    let mut qb = QueryBuilder::new("SELECT id FROM notes WHERE ");
    qb.push(format!("owner = '{owner}' ORDER BY created_at {dir}"));
    qb.build_query_as().fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`owner`, `dir`',
      severity: 'error',
    },
    {
      name: 'dynamic filters with values pushed into a Vec, then joined: reported at the push',
      code: `pub async fn search(pool: &PgPool, f: &Filter) -> sqlx::Result<Vec<Row>> {
    let mut conditions = Vec::new();
    if let Some(status) = &f.status {
        conditions.push(format!("status = '{}'", status));
    }
    let sql = format!("SELECT id FROM tickets WHERE {}", conditions.join(" AND "));
    sqlx::query_as(&sql).fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`status`',
    },
    {
      name: 'a loop variable over request data',
      code: `pub async fn drop_tags(pool: &PgPool, Json(tags): Json<Vec<String>>) -> sqlx::Result<()> {
    for tag in tags {
        sqlx::query(&format!("DELETE FROM tags WHERE name = '{tag}'")).execute(pool).await?;
    }
    Ok(())
}
`,
      lines: [3],
      messageIncludes: '`tag`',
    },
    {
      name: 'write! into the SQL string',
      code: `use std::fmt::Write;
pub async fn f(pool: &PgPool, name: &str) -> sqlx::Result<()> {
    let mut sql = String::from("DELETE FROM tags WHERE ");
    write!(sql, "name = '{}'", name).unwrap();
    sqlx::query(&sql).execute(pool).await?;
    Ok(())
}
`,
      lines: [4],
      messageIncludes: '`name`',
    },
    {
      name: 'a clause built by one format! and spliced by another: reported where the value enters (actix)',
      code: `#[get("/users")]
async fn find(pool: web::Data<PgPool>, q: web::Query<Search>) -> actix_web::Result<HttpResponse> {
    let where_clause = format!("email = '{}'", q.email);
    let sql = format!("SELECT id, email FROM users WHERE {} LIMIT 20", where_clause);
    let rows = sqlx::query_as::<_, User>(&sql).fetch_all(pool.get_ref()).await.map_err(ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(rows))
}
`,
      lines: [3],
      messageIncludes: '`q.email`',
    },
    {
      name: 'format! into a variable, then sqlx::query_as (value and identifier)',
      code: `pub async fn list(pool: &PgPool, filter: &Filter) -> sqlx::Result<Vec<Row>> {
    let search = filter.q.as_deref().unwrap_or("");
    let sort = filter.sort.as_deref().unwrap_or("name");
    let sql = format!(
        "SELECT id FROM products WHERE name ILIKE '%{search}%' ORDER BY {sort} LIMIT $1"
    );
    sqlx::query_as::<_, Row>(&sql).bind(10).fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`search`, `sort` are formatted into the SQL text run by `sqlx::query_as` (line 7)',
      severity: 'error',
    },
    {
      name: 'string + concatenation into diesel::sql_query',
      code: `use diesel::prelude::*;
pub fn revenue(conn: &mut PgConnection, channel: Option<&str>) -> QueryResult<Vec<R>> {
    let mut sql = String::from("SELECT day FROM orders WHERE created_at >= $1");
    if let Some(channel) = channel {
        sql = sql + " AND channel = '" + channel + "'";
    }
    sql.push_str(" GROUP BY 1");
    diesel::sql_query(sql).load(conn)
}
`,
      lines: [5],
      messageIncludes: '`channel` is formatted into the SQL text run by `diesel::sql_query`',
    },
    {
      name: 'only an ORDER BY column: warning',
      code: `pub async fn list(pool: &PgPool, Query(p): Query<Params>) -> Result<Vec<Row>> {
    let sql = format!("SELECT id FROM products ORDER BY {} LIMIT 50", p.sort);
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}
`,
      lines: [2],
      messageIncludes: '`p.sort` is interpolated',
      severity: 'warning',
    },
    {
      name: 'tokio-postgres client.query with push_str',
      code: `pub async fn find(client: &Client, email: &str) -> Result<Vec<Row>, Error> {
    let mut sql = String::from("SELECT id FROM users WHERE ");
    sql.push_str(&format!("email = '{}'", email));
    client.query(sql.as_str(), &[]).await
}
`,
      lines: [3],
      messageIncludes: '`email`',
    },
    {
      name: 'deadpool batch_execute with direct format!',
      code: `pub async fn purge(pool: &Pool, tenant: String) -> Result<()> {
    let client = pool.get().await?;
    client.batch_execute(&format!("DELETE FROM events WHERE tenant = {tenant}")).await?;
    Ok(())
}
`,
      lines: [3],
      messageIncludes: '`tenant`',
    },
    {
      name: 'Executor::execute with an aliased import',
      code: `use sqlx::query as raw;
pub async fn del(pool: &PgPool, id: String) -> sqlx::Result<()> {
    let stmt = format!("DELETE FROM sessions WHERE id = {}", id);
    raw(&stmt).execute(pool).await?;
    Ok(())
}
`,
      lines: [3],
      messageIncludes: '`id`',
    },
    {
      name: 'QueryBuilder push of a value',
      code: `use sqlx::QueryBuilder;
pub async fn search(pool: &PgPool, q: String) -> sqlx::Result<Vec<Row>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new("SELECT id FROM t WHERE name = ");
    qb.push(q);
    qb.build().fetch_all(pool).await
}
`,
      lines: [4],
      messageIncludes: '`q`',
    },
  ],
});
