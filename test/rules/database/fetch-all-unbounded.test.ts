import rule from '../../../src/rules/database/fetch-all-unbounded.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const handler = (sql: string, extra = '') => `pub async fn list(State(state): State<AppState>, user: AuthUser) -> Result<Json<Vec<Row>>, ApiError> {\n    let rows = sqlx::query_as::<_, Row>(\n        "${sql}",\n    )\n    .bind(user.id)${extra}\n    .fetch_all(&state.db)\n    .await?;\n    Ok(Json(rows))\n}\n`;

testFileRule(rule, {
  valid: [
    {
      name: "a member's teams loaded whole to filter, then handed (as ids) to the paginated query on the same connection",
      code: `use diesel::prelude::*;
use diesel_async::RunQueryDsl;
pub async fn list_invites(State(state): State<AppState>, user: AuthUser, Query(page): Query<Page>) -> Result<Json<Vec<Invite>>, ApiError> {
    let mut conn = state.db.get().await?;
    let mut teams: Vec<(i64, String)> = memberships::table
        .filter(memberships::user_id.eq(user.id))
        .select((memberships::team_id, memberships::role))
        .load(&mut conn)
        .await?;
    teams.retain(|(_, role)| role != "guest");
    let team_ids: Vec<i64> = teams.iter().map(|(id, _)| *id).collect();
    invites_page(&mut conn, &team_ids, &page).await
}
`,
    },
    {
      name: 'diesel HasQuery with a limit',
      code: `use diesel::prelude::*;
pub async fn recent_webhooks(State(state): State<AppState>) -> Result<Json<Vec<Webhook>>, ApiError> {
    let mut conn = state.db.get().await?;
    let hooks = Webhook::query().order(webhooks::id.desc()).limit(50).load(&mut conn).await?;
    Ok(Json(hooks))
}
`,
    },
    { name: 'LIMIT present', code: handler('SELECT id FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2', '\n    .bind(50_i64)') },
    { name: 'bounded by the input (= ANY)', code: handler('SELECT id FROM products WHERE id = ANY($1)') },
    { name: 'aggregate returning one row', code: handler('SELECT count(*), sum(total_cents) FROM orders WHERE customer_id = $1') },
    { name: 'per-status totals', code: handler('SELECT status, count(*) FROM orders WHERE customer_id = $1 GROUP BY status') },
    {
      name: 'small lookup table in a repository (no WHERE, not a handler)',
      path: 'src/repo/currencies.rs',
      code: `pub async fn all(pool: &PgPool) -> sqlx::Result<Vec<Currency>> {
    sqlx::query_as::<_, Currency>("SELECT code, name FROM currencies ORDER BY code").fetch_all(pool).await
}
`,
    },
    {
      name: 'batch job',
      path: 'src/jobs/reindex.rs',
      code: `pub async fn run(pool: &PgPool) -> sqlx::Result<()> {
    let rows = sqlx::query_as::<_, Row>("SELECT id FROM products WHERE active").fetch_all(pool).await?;
    Ok(())
}
`,
    },
    {
      name: 'query_as! with LIMIT',
      path: 'src/repo/invoices.rs',
      code: `pub async fn list(pool: &PgPool, org: Uuid, limit: i64) -> sqlx::Result<Vec<Invoice>> {
    sqlx::query_as!(Invoice, "SELECT id FROM invoices WHERE org_id = $1 ORDER BY due_date LIMIT $2", org, limit)
        .fetch_all(pool)
        .await
}
`,
    },
    {
      name: 'test code',
      code: `#[cfg(test)]
mod tests {
    #[sqlx::test]
    async fn all(pool: PgPool) {
        let rows = sqlx::query_as::<_, Row>("SELECT * FROM orders WHERE x").fetch_all(&pool).await.unwrap();
    }
}
`,
    },
    {
      name: 'per-item query in a loop (left to query-in-loop)',
      code: `pub async fn list(State(state): State<AppState>, rows: Vec<R>) -> Result<()> {
    for row in rows {
        let items = sqlx::query_as!(Item, "SELECT sku FROM order_items WHERE order_id = $1", row.id).fetch_all(&state.db).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'items of one order for a detail view',
      code: `pub async fn get_order(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<OrderDetail>, ApiError> {
    let order = repo::find(&state.db, id).await?;
    let items = sqlx::query_as::<_, Item>("SELECT sku, quantity FROM order_items WHERE order_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(&state.db)
        .await?;
    Ok(Json(OrderDetail { order, items }))
}
`,
    },
    {
      name: 'diesel dsl glob with .limit(..) and a keyed .first(..)',
      code: `use diesel::prelude::*;
use crate::schema::login_events::dsl::*;
pub async fn list_logins(State(state): State<AppState>, Path(uid): Path<i64>) -> Result<Json<Vec<LoginEvent>>, ApiError> {
    let mut conn = state.pool.get().await?;
    let rows = login_events
        .filter(user_id.eq(uid))
        .order(created_at.desc())
        .limit(100)
        .load::<LoginEvent>(&mut conn)
        .await?;
    let newest = login_events.filter(user_id.eq(uid)).order(created_at.desc()).first::<LoginEvent>(&mut conn).await?;
    Ok(Json(rows))
}
`,
    },
    {
      name: 'diesel dsl alias, boxed query paginated later',
      path: 'src/repo/comments.rs',
      code: `use diesel::prelude::*;
use crate::schema::comments::dsl as c;
pub fn list_for_post(conn: &mut PgConnection, pid: i64, page: Page) -> QueryResult<Vec<Comment>> {
    let mut query = c::comments.filter(c::post_id.eq(pid)).into_boxed();
    if page.only_visible {
        query = query.filter(c::hidden.eq(false));
    }
    query = query.limit(page.size).offset(page.offset);
    query.load::<Comment>(conn)
}
`,
    },
    {
      name: 'diesel dsl glob in a batch job',
      path: 'src/jobs/purge.rs',
      code: `use diesel::prelude::*;
use crate::schema::sessions::dsl::*;
pub fn list_expired(conn: &mut PgConnection, now: NaiveDateTime) -> QueryResult<Vec<Session>> {
    sessions.filter(expires_at.lt(now)).load(conn)
}
`,
    },
    {
      name: 'a local that is not a diesel table, insert returning rows',
      path: 'src/repo/tags.rs',
      code: `use diesel::prelude::*;
use crate::schema::tags;
pub fn list_created(conn: &mut PgConnection, new_tags: Vec<NewTag>) -> QueryResult<Vec<Tag>> {
    let inserted = diesel::insert_into(tags::table).values(&new_tags).get_results(conn)?;
    Ok(inserted)
}
`,
    },
    {
      name: 'diesel dsl load per parent inside a .map(..) (an N+1, left to query-in-loop)',
      path: 'src/repo/feeds.rs',
      code: `use diesel::prelude::*;
use crate::schema::entries::dsl::*;
pub fn list_feeds(conn: &mut PgConnection, feeds: Vec<Feed>) -> QueryResult<Vec<(Feed, Vec<Entry>)>> {
    feeds.into_iter().map(|f| {
        let rows = entries.filter(feed_id.eq(f.id)).load::<Entry>(conn)?;
        Ok((f, rows))
    }).collect()
}
`,
    },
    {
      name: 'diesel dsl load per parent in a .map(..) over a local iterator (an N+1, left to query-in-loop)',
      path: 'src/repo/feeds.rs',
      code: `use diesel::prelude::*;
use crate::schema::entries::dsl::*;
pub fn list_feeds(conn: &mut PgConnection, feeds: Vec<Feed>) -> QueryResult<Vec<(Feed, Vec<Entry>)>> {
    let active = feeds.into_iter().filter(|f| f.active);
    active.map(|f| {
        let rows = entries.filter(feed_id.eq(f.id)).load::<Entry>(conn)?;
        Ok((f, rows))
    }).collect()
}
`,
    },
    {
      name: 'diesel lookup of the rows a page of other rows refers to (eq_any of their ids)',
      code: `use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use crate::schema::projects;
pub async fn list_invites(State(state): State<AppState>, page: Query<Page>) -> Result<Json<Vec<InviteView>>, ApiError> {
    let mut conn = state.pool.get().await?;
    let invites = load_invite_page(&mut conn, &page).await?;
    let wanted: Vec<i64> = invites.iter().map(|i| i.project_id).collect();
    let names: Vec<(i64, String)> = projects::table
        .select((projects::id, projects::name))
        .filter(projects::id.eq_any(wanted))
        .load(&mut conn)
        .await?;
    Ok(Json(join_views(invites, names)))
}
`,
    },
  ],
  invalid: [
    {
      name: 'the same rows answered as the response (not fed to another query) still fire',
      code: `use diesel::prelude::*;
use diesel_async::RunQueryDsl;
pub async fn list_teams(State(state): State<AppState>, user: AuthUser) -> Result<Json<Vec<(i64, String)>>, ApiError> {
    let mut conn = state.db.get().await?;
    let teams: Vec<(i64, String)> = memberships::table
        .filter(memberships::user_id.eq(user.id))
        .select((memberships::team_id, memberships::role))
        .load(&mut conn)
        .await?;
    audit_log(&state.audit, &teams);
    Ok(Json(teams))
}
`,
      lines: [8],
    },
    {
      name: 'diesel HasQuery: Model::query() filtered and loaded whole in a handler',
      code: `use diesel::prelude::*;
use diesel_async::RunQueryDsl;
pub async fn list_webhooks(State(state): State<AppState>, Path(team): Path<i64>) -> Result<Json<Vec<Webhook>>, ApiError> {
    let mut conn = state.db.get().await?;
    let hooks = Webhook::query()
        .filter(webhooks::team_id.eq(team))
        .load(&mut conn)
        .await?;
    Ok(Json(hooks))
}
`,
      lines: [7],
      messageIncludes: '`Webhook`',
    },
    {
      name: 'diesel dsl load in the closure of an Option\'s map (it runs once, not per item: no N+1, the whole team is loaded)',
      code: `use diesel::prelude::*;
use crate::schema::tickets::dsl::*;
pub async fn list_tickets(State(pool): State<Pool>, Query(q): Query<Filter>) -> Result<Json<Vec<Ticket>>, ApiError> {
    let mut conn = pool.get_sync()?;
    let rows = q.team.map(|team| tickets.filter(team_id.eq(team)).load::<Ticket>(&mut conn)).transpose()?;
    Ok(Json(rows.unwrap_or_default()))
}
`,
      lines: [5],
      messageIncludes: '`tickets`',
    },
    {
      name: 'diesel dsl load inside deadpool interact (one query, every row)',
      code: `use diesel::prelude::*;
use crate::schema::tickets::dsl::*;
pub async fn list_tickets(State(pool): State<Pool>, Path(team): Path<i64>) -> Result<Json<Vec<Ticket>>, ApiError> {
    let conn = pool.get().await?;
    let rows = conn
        .interact(move |conn| tickets.filter(team_id.eq(team)).load::<Ticket>(conn))
        .await??;
    Ok(Json(rows))
}
`,
      lines: [6],
      messageIncludes: '`tickets`',
    },
    {
      name: 'diesel dsl glob (table and columns imported with *), axum handler',
      code: `use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use crate::schema::login_events::dsl::*;
pub async fn list_logins(State(state): State<AppState>, Path(uid): Path<i64>) -> Result<Json<Vec<LoginEvent>>, ApiError> {
    let mut conn = state.pool.get().await?;
    let rows = login_events
        .filter(user_id.eq(uid))
        .order(created_at.desc())
        .load::<LoginEvent>(&mut conn)
        .await?;
    Ok(Json(rows))
}
`,
      lines: [9],
      messageIncludes: '`login_events`',
    },
    {
      name: 'diesel dsl module aliased, get_results in a repository listing fn',
      path: 'src/repo/comments.rs',
      code: `use diesel::prelude::*;
use crate::schema::comments::dsl as c;
pub fn list_for_post(conn: &mut PgConnection, pid: i64) -> QueryResult<Vec<Comment>> {
    c::comments
        .filter(c::post_id.eq(pid))
        .order(c::created_at.asc())
        .get_results::<Comment>(conn)
}
`,
      lines: [7],
      messageIncludes: '`.get_results(..)` of `comments`',
    },
    {
      name: 'diesel table imported under another name',
      path: 'src/services/billing.rs',
      code: `use diesel::prelude::*;
use crate::schema::invoices::table as invoice_rows;
use crate::schema::invoices::columns::org_id;
pub fn list_invoices(conn: &mut PgConnection, org: Uuid) -> QueryResult<Vec<Invoice>> {
    invoice_rows.filter(org_id.eq(org)).load(conn)
}
`,
      lines: [5],
      messageIncludes: '`invoices`',
    },
    {
      name: 'schema module aliased, ::table through the alias',
      path: 'src/repo/orders.rs',
      code: `use diesel::prelude::*;
use crate::schema::orders as o;
pub fn list_open(conn: &mut PgConnection, cid: i64) -> QueryResult<Vec<Order>> {
    o::table.filter(o::customer_id.eq(cid)).filter(o::closed.eq(false)).load(conn)
}
`,
      lines: [4],
      messageIncludes: '`orders`',
    },
    {
      name: 'dsl names imported one by one; boxed query built in a local (actix)',
      code: `use diesel::prelude::*;
use crate::schema::audit_log::dsl::{audit_log, actor_id, at};
#[get("/audit")]
pub async fn audit(pool: web::Data<DbPool>, who: web::Query<Who>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(ErrorInternalServerError)?;
    let mut query = audit_log.filter(actor_id.eq(who.id)).into_boxed();
    if let Some(since) = who.since {
        query = query.filter(at.gt(since));
    }
    let entries = query.load::<AuditEntry>(&mut conn).map_err(ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(entries))
}
`,
      lines: [10],
      messageIncludes: '`audit_log`',
    },
    {
      name: 'handler listing members of an org',
      code: handler('SELECT m.user_id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.email'),
      lines: [3],
      messageIncludes: '`sqlx::query_as` fetches every row of this `SELECT` with no `LIMIT` into memory in handler `list`',
    },
    {
      name: 'repository fn with WHERE and no LIMIT (query! macro)',
      path: 'src/repo/orders.rs',
      code: `pub async fn list_for_customer(pool: &PgPool, id: Uuid) -> sqlx::Result<Vec<Order>> {
    sqlx::query_as!(
        Order,
        "SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC",
        id
    )
    .fetch_all(pool)
    .await
}
`,
      lines: [4],
      messageIncludes: '`sqlx::query_as!`',
    },
    {
      name: 'actix handler with diesel load',
      code: `use diesel::prelude::*;
#[get("/posts")]
pub async fn posts(pool: web::Data<DbPool>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().await?;
    let all = posts::table.filter(posts::published.eq(true)).load::<Post>(&mut conn).await?;
    Ok(HttpResponse::Ok().json(all))
}
`,
      lines: [5],
      messageIncludes: '`posts`',
    },
  ],
});

// A service method that request handlers call and that returns every row it fetched.
const ROUTES = `mod store;
use axum::{routing::get, Router};
pub fn app(s: AppState) -> Router {
    Router::new().route("/teams/:id/members", get(members)).with_state(s)
}
async fn members(State(s): State<AppState>, Path(team): Path<i64>) -> Result<Json<Vec<Member>>, ApiError> {
    let list = s.store.members_of(team).await?.collect();
    Ok(Json(list))
}
`;
const STORE = (tail: string) => `pub struct Store { db: PgPool }
impl Store {
    pub async fn members_of(&self, team: i64) -> Result<impl Iterator<Item = Member>, ApiError> {
        let rows = sqlx::query_as::<_, Member>("SELECT id, name FROM members WHERE team_id = $1")
            .bind(team)
            .fetch_all(&self.db)
            .await?
            .into_iter()
            .map(Member::from);
${tail}
    }
}
`;
testFileRule(rule, {
  valid: [
    {
      name: 'a service method that fetches rows to count them (it returns a number, not the rows)',
      files: { 'src/lib.rs': ROUTES },
      path: 'src/store.rs',
      code: STORE('        Ok(rows.count())'),
    },
    {
      name: 'the same method reached only from main (start-up), not from a request',
      files: { 'src/main.rs': `mod store;
#[tokio::main]
async fn main() {
    let s = Store::connect().await;
    let all: Vec<_> = s.members_of(1).await.unwrap().collect();
    warm(all);
}
` },
      path: 'src/store.rs',
      code: STORE('        Ok(rows)'),
    },
  ],
  invalid: [
    {
      name: 'a service method a handler calls returns every matching row',
      files: { 'src/lib.rs': ROUTES },
      path: 'src/store.rs',
      code: STORE('        Ok(rows)'),
      lines: [4],
      messageIncludes: 'returns them all to the request handlers',
    },
  ],
});

/** A program that fills `regions` from a file it ships, at start-up; `insertedBy` adds another writer. */
const SEEDING = (insertedBy = '') => ({
  'src/main.rs': `mod seed;
mod api;
#[tokio::main]
async fn main() {
    let pool = connect().await;
    seed::sync_regions(&pool, include_str!("regions.toml")).await.unwrap();
    let app = Router::new().route("/regions", get(api::list_regions)).route("/sectors", get(api::list_sectors));
    serve(app, pool).await;
}
`,
  'src/seed.rs': `use diesel::prelude::*;
pub async fn sync_regions(pool: &PgPool, toml: &str) -> sqlx::Result<()> {
    for r in parse(toml) {
        sqlx::query("INSERT INTO regions (slug, label) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET label = EXCLUDED.label")
            .bind(&r.slug)
            .bind(&r.label)
            .execute(pool)
            .await?;
    }
    diesel::insert_into(sectors::table).values(&parse_sectors(toml)).execute(&mut pool.get()?)?;
    Ok(())
}
${insertedBy}`,
});

const LISTING = `use diesel::prelude::*;
pub async fn list_regions(State(pool): State<PgPool>) -> Result<Json<Vec<Region>>, ApiError> {
    let rows = sqlx::query_as::<_, Region>("SELECT slug, label FROM regions ORDER BY slug").fetch_all(&pool).await?;
    Ok(Json(rows))
}
pub async fn list_sectors(State(pool): State<PgPool>) -> Result<Json<Vec<Sector>>, ApiError> {
    let mut conn = pool.get()?;
    let rows = sectors::table.order(sectors::name).load::<Sector>(&mut conn)?;
    Ok(Json(rows))
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'listing a table whose rows only start-up adds (synced from a file the program ships): its size is the program\'s',
      files: SEEDING(),
      path: 'src/api.rs',
      code: LISTING,
    },
  ],
  invalid: [
    {
      name: 'the same listings when a request handler adds rows to those tables too',
      files: SEEDING(`pub async fn add_region(State(pool): State<PgPool>, Json(r): Json<NewRegion>) -> StatusCode {
    sqlx::query("INSERT INTO regions (slug, label) VALUES ($1, $2)").bind(&r.slug).bind(&r.label).execute(&pool).await.ok();
    diesel::insert_into(sectors::table).values(&r.sector).execute(&mut pool.get().unwrap()).ok();
    StatusCode::CREATED
}
pub fn routes() -> Router { Router::new().route("/regions", post(add_region)) }
`),
      path: 'src/api.rs',
      code: LISTING,
      lines: [3, 8],
    },
  ],
});
