import rule from '../../../src/rules/database/fetch-all-unbounded.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const handler = (sql: string, extra = '') => `pub async fn list(State(state): State<AppState>, user: AuthUser) -> Result<Json<Vec<Row>>, ApiError> {\n    let rows = sqlx::query_as::<_, Row>(\n        "${sql}",\n    )\n    .bind(user.id)${extra}\n    .fetch_all(&state.db)\n    .await?;\n    Ok(Json(rows))\n}\n`;

testFileRule(rule, {
  valid: [
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
  ],
  invalid: [
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
