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
      code: 'pub async fn all(pool: &PgPool) -> sqlx::Result<Vec<Currency>> {\n    sqlx::query_as::<_, Currency>("SELECT code, name FROM currencies ORDER BY code").fetch_all(pool).await\n}\n',
    },
    {
      name: 'batch job',
      path: 'src/jobs/reindex.rs',
      code: 'pub async fn run(pool: &PgPool) -> sqlx::Result<()> {\n    let rows = sqlx::query_as::<_, Row>("SELECT id FROM products WHERE active").fetch_all(pool).await?;\n    Ok(())\n}\n',
    },
    {
      name: 'query_as! with LIMIT',
      path: 'src/repo/invoices.rs',
      code: 'pub async fn list(pool: &PgPool, org: Uuid, limit: i64) -> sqlx::Result<Vec<Invoice>> {\n    sqlx::query_as!(Invoice, "SELECT id FROM invoices WHERE org_id = $1 ORDER BY due_date LIMIT $2", org, limit)\n        .fetch_all(pool)\n        .await\n}\n',
    },
    {
      name: 'test code',
      code: '#[cfg(test)]\nmod tests {\n    #[sqlx::test]\n    async fn all(pool: PgPool) {\n        let rows = sqlx::query_as::<_, Row>("SELECT * FROM orders WHERE x").fetch_all(&pool).await.unwrap();\n    }\n}\n',
    },
    {
      name: 'per-item query in a loop (left to query-in-loop)',
      code: 'pub async fn list(State(state): State<AppState>, rows: Vec<R>) -> Result<()> {\n    for row in rows {\n        let items = sqlx::query_as!(Item, "SELECT sku FROM order_items WHERE order_id = $1", row.id).fetch_all(&state.db).await?;\n    }\n    Ok(())\n}\n',
    },
    {
      name: 'items of one order for a detail view',
      code: 'pub async fn get_order(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<OrderDetail>, ApiError> {\n    let order = repo::find(&state.db, id).await?;\n    let items = sqlx::query_as::<_, Item>("SELECT sku, quantity FROM order_items WHERE order_id = $1 ORDER BY position")\n        .bind(id)\n        .fetch_all(&state.db)\n        .await?;\n    Ok(Json(OrderDetail { order, items }))\n}\n',
    },
    {
      name: 'diesel dsl glob with .limit(..) and a keyed .first(..)',
      code: 'use diesel::prelude::*;\nuse crate::schema::login_events::dsl::*;\npub async fn list_logins(State(state): State<AppState>, Path(uid): Path<i64>) -> Result<Json<Vec<LoginEvent>>, ApiError> {\n    let mut conn = state.pool.get().await?;\n    let rows = login_events\n        .filter(user_id.eq(uid))\n        .order(created_at.desc())\n        .limit(100)\n        .load::<LoginEvent>(&mut conn)\n        .await?;\n    let newest = login_events.filter(user_id.eq(uid)).order(created_at.desc()).first::<LoginEvent>(&mut conn).await?;\n    Ok(Json(rows))\n}\n',
    },
    {
      name: 'diesel dsl alias, boxed query paginated later',
      path: 'src/repo/comments.rs',
      code: 'use diesel::prelude::*;\nuse crate::schema::comments::dsl as c;\npub fn list_for_post(conn: &mut PgConnection, pid: i64, page: Page) -> QueryResult<Vec<Comment>> {\n    let mut query = c::comments.filter(c::post_id.eq(pid)).into_boxed();\n    if page.only_visible {\n        query = query.filter(c::hidden.eq(false));\n    }\n    query = query.limit(page.size).offset(page.offset);\n    query.load::<Comment>(conn)\n}\n',
    },
    {
      name: 'diesel dsl glob in a batch job',
      path: 'src/jobs/purge.rs',
      code: 'use diesel::prelude::*;\nuse crate::schema::sessions::dsl::*;\npub fn list_expired(conn: &mut PgConnection, now: NaiveDateTime) -> QueryResult<Vec<Session>> {\n    sessions.filter(expires_at.lt(now)).load(conn)\n}\n',
    },
    {
      name: 'a local that is not a diesel table, insert returning rows',
      path: 'src/repo/tags.rs',
      code: 'use diesel::prelude::*;\nuse crate::schema::tags;\npub fn list_created(conn: &mut PgConnection, new_tags: Vec<NewTag>) -> QueryResult<Vec<Tag>> {\n    let inserted = diesel::insert_into(tags::table).values(&new_tags).get_results(conn)?;\n    Ok(inserted)\n}\n',
    },
    {
      name: 'diesel dsl load per parent inside a .map(..) (an N+1, left to query-in-loop)',
      path: 'src/repo/feeds.rs',
      code: 'use diesel::prelude::*;\nuse crate::schema::entries::dsl::*;\npub fn list_feeds(conn: &mut PgConnection, feeds: Vec<Feed>) -> QueryResult<Vec<(Feed, Vec<Entry>)>> {\n    feeds.into_iter().map(|f| {\n        let rows = entries.filter(feed_id.eq(f.id)).load::<Entry>(conn)?;\n        Ok((f, rows))\n    }).collect()\n}\n',
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
      name: 'diesel dsl load inside deadpool interact (one query, every row)',
      code: 'use diesel::prelude::*;\nuse crate::schema::tickets::dsl::*;\npub async fn list_tickets(State(pool): State<Pool>, Path(team): Path<i64>) -> Result<Json<Vec<Ticket>>, ApiError> {\n    let conn = pool.get().await?;\n    let rows = conn\n        .interact(move |conn| tickets.filter(team_id.eq(team)).load::<Ticket>(conn))\n        .await??;\n    Ok(Json(rows))\n}\n',
      lines: [6],
      messageIncludes: '`tickets`',
    },
    {
      name: 'diesel dsl glob (table and columns imported with *), axum handler',
      code: 'use diesel::prelude::*;\nuse diesel_async::RunQueryDsl;\nuse crate::schema::login_events::dsl::*;\npub async fn list_logins(State(state): State<AppState>, Path(uid): Path<i64>) -> Result<Json<Vec<LoginEvent>>, ApiError> {\n    let mut conn = state.pool.get().await?;\n    let rows = login_events\n        .filter(user_id.eq(uid))\n        .order(created_at.desc())\n        .load::<LoginEvent>(&mut conn)\n        .await?;\n    Ok(Json(rows))\n}\n',
      lines: [9],
      messageIncludes: '`login_events`',
    },
    {
      name: 'diesel dsl module aliased, get_results in a repository listing fn',
      path: 'src/repo/comments.rs',
      code: 'use diesel::prelude::*;\nuse crate::schema::comments::dsl as c;\npub fn list_for_post(conn: &mut PgConnection, pid: i64) -> QueryResult<Vec<Comment>> {\n    c::comments\n        .filter(c::post_id.eq(pid))\n        .order(c::created_at.asc())\n        .get_results::<Comment>(conn)\n}\n',
      lines: [7],
      messageIncludes: '`.get_results(..)` of `comments`',
    },
    {
      name: 'diesel table imported under another name',
      path: 'src/services/billing.rs',
      code: 'use diesel::prelude::*;\nuse crate::schema::invoices::table as invoice_rows;\nuse crate::schema::invoices::columns::org_id;\npub fn list_invoices(conn: &mut PgConnection, org: Uuid) -> QueryResult<Vec<Invoice>> {\n    invoice_rows.filter(org_id.eq(org)).load(conn)\n}\n',
      lines: [5],
      messageIncludes: '`invoices`',
    },
    {
      name: 'schema module aliased, ::table through the alias',
      path: 'src/repo/orders.rs',
      code: 'use diesel::prelude::*;\nuse crate::schema::orders as o;\npub fn list_open(conn: &mut PgConnection, cid: i64) -> QueryResult<Vec<Order>> {\n    o::table.filter(o::customer_id.eq(cid)).filter(o::closed.eq(false)).load(conn)\n}\n',
      lines: [4],
      messageIncludes: '`orders`',
    },
    {
      name: 'dsl names imported one by one; boxed query built in a local (actix)',
      code: 'use diesel::prelude::*;\nuse crate::schema::audit_log::dsl::{audit_log, actor_id, at};\n#[get("/audit")]\npub async fn audit(pool: web::Data<DbPool>, who: web::Query<Who>) -> actix_web::Result<HttpResponse> {\n    let mut conn = pool.get().map_err(ErrorInternalServerError)?;\n    let mut query = audit_log.filter(actor_id.eq(who.id)).into_boxed();\n    if let Some(since) = who.since {\n        query = query.filter(at.gt(since));\n    }\n    let entries = query.load::<AuditEntry>(&mut conn).map_err(ErrorInternalServerError)?;\n    Ok(HttpResponse::Ok().json(entries))\n}\n',
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
      code: 'pub async fn list_for_customer(pool: &PgPool, id: Uuid) -> sqlx::Result<Vec<Order>> {\n    sqlx::query_as!(\n        Order,\n        "SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC",\n        id\n    )\n    .fetch_all(pool)\n    .await\n}\n',
      lines: [4],
      messageIncludes: '`sqlx::query_as!`',
    },
    {
      name: 'actix handler with diesel load',
      code: 'use diesel::prelude::*;\n#[get("/posts")]\npub async fn posts(pool: web::Data<DbPool>) -> actix_web::Result<HttpResponse> {\n    let mut conn = pool.get().await?;\n    let all = posts::table.filter(posts::published.eq(true)).load::<Post>(&mut conn).await?;\n    Ok(HttpResponse::Ok().json(all))\n}\n',
      lines: [5],
      messageIncludes: '`posts`',
    },
  ],
});

// A service method that request handlers call and that returns every row it fetched.
const ROUTES = 'mod store;\nuse axum::{routing::get, Router};\npub fn app(s: AppState) -> Router {\n    Router::new().route("/teams/:id/members", get(members)).with_state(s)\n}\nasync fn members(State(s): State<AppState>, Path(team): Path<i64>) -> Result<Json<Vec<Member>>, ApiError> {\n    let list = s.store.members_of(team).await?.collect();\n    Ok(Json(list))\n}\n';
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
      files: { 'src/main.rs': 'mod store;\n#[tokio::main]\nasync fn main() {\n    let s = Store::connect().await;\n    let all: Vec<_> = s.members_of(1).await.unwrap().collect();\n    warm(all);\n}\n' },
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
