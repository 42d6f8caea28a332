import rule from '../../../src/rules/database/tx-not-committed.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'committed before Ok',
      code: 'pub async fn t(pool: &PgPool) -> sqlx::Result<()> {\n    let mut tx = pool.begin().await?;\n    sqlx::query("DELETE FROM carts WHERE expired").execute(&mut *tx).await?;\n    tx.commit().await?;\n    Ok(())\n}\n',
    },
    {
      name: 'returned to the caller',
      code: 'pub async fn open(pool: &PgPool) -> sqlx::Result<Transaction<\'static, Postgres>> {\n    let mut tx = pool.begin().await?;\n    sqlx::query("SET LOCAL lock_timeout = \'2s\'").execute(&mut *tx).await?;\n    Ok(tx)\n}\n',
    },
    {
      name: 'read-only snapshot transaction',
      code: 'pub async fn report(pool: &PgPool) -> sqlx::Result<(i64, i64)> {\n    let mut tx = pool.begin().await?;\n    let a: i64 = sqlx::query_scalar("SELECT count(*) FROM a").fetch_one(&mut *tx).await?;\n    let b: i64 = sqlx::query_scalar("SELECT count(*) FROM b").fetch_one(&mut *tx).await?;\n    Ok((a, b))\n}\n',
    },
    {
      name: 'handed by value to a helper that commits',
      code: 'pub async fn t(pool: &PgPool) -> Result<()> {\n    let mut tx = pool.begin().await?;\n    insert_order(&mut tx).await?;\n    finish(tx).await\n}\n',
    },
    {
      name: 'diesel closure transaction commits by itself',
      code: 'pub fn t(conn: &mut PgConnection) -> QueryResult<()> {\n    conn.transaction(|conn| {\n        diesel::delete(carts::table).execute(conn)?;\n        Ok(())\n    })\n}\n',
    },
    {
      name: 'explicit rollback (dry run)',
      code: 'pub async fn dry_run(pool: &PgPool) -> sqlx::Result<u64> {\n    let mut tx = pool.begin().await?;\n    let n = sqlx::query("DELETE FROM sessions WHERE expired").execute(&mut *tx).await?.rows_affected();\n    tx.rollback().await?;\n    Ok(n)\n}\n',
    },
    {
      name: 'test fixture',
      code: '#[sqlx::test]\nasync fn fixture(pool: PgPool) {\n    let mut tx = pool.begin().await.unwrap();\n    sqlx::query("INSERT INTO t VALUES (1)").execute(&mut *tx).await.unwrap();\n}\n',
    },
    {
      name: 'early return when nothing was updated (the rollback loses nothing)',
      code: 'pub async fn apply(pool: &PgPool, code: &str) -> sqlx::Result<bool> {\n    let mut tx = pool.begin().await?;\n    let n = sqlx::query("UPDATE coupons SET used = true WHERE code = $1").bind(code).execute(&mut *tx).await?.rows_affected();\n    if n == 0 {\n        return Ok(false);\n    }\n    sqlx::query("INSERT INTO redemptions (code) VALUES ($1)").bind(code).execute(&mut *tx).await?;\n    tx.commit().await?;\n    Ok(true)\n}\n',
    },
    {
      name: 'read-only transaction with SET TRANSACTION in a handler',
      code: 'pub async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {\n    let mut tx = state.db.begin().await?;\n    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(&mut *tx).await?;\n    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&mut *tx).await?;\n    Ok(Json(Stats { users }))\n}\n',
    },
    {
      name: 'a sea-orm transaction that only reads (a consistent snapshot)',
      code: 'pub async fn report(db: &DatabaseConnection) -> Result<Summary, DbErr> {\n    let txn = db.begin().await?;\n    let open = invoice::Entity::find().filter(invoice::Column::Paid.eq(false)).all(&txn).await?;\n    let total = payment::Entity::find().count(&txn).await?;\n    Ok(Summary { open: open.len(), total })\n}\n',
    },
  ],
  invalid: [
    {
      name: 'sea-orm writes through `&txn` and returns Ok without commit',
      code: 'pub async fn archive(db: &DatabaseConnection, before: Date) -> Result<u64, DbErr> {\n    let txn = db.begin().await?;\n    let res = order::Entity::delete_many()\n        .filter(order::Column::CreatedOn.lt(before))\n        .exec(&txn)\n        .await?;\n    Ok(res.rows_affected)\n}\n',
      lines: [7],
    },
    {
      name: 'early return Ok after a write, before the commit',
      code: 'pub async fn pay(pool: &PgPool, id: Uuid, notify: bool) -> sqlx::Result<()> {\n    let mut tx = pool.begin().await?;\n    sqlx::query("UPDATE invoices SET status = \'paid\' WHERE id = $1").bind(id).execute(&mut *tx).await?;\n    if !notify {\n        return Ok(());\n    }\n    sqlx::query("INSERT INTO outbox (invoice_id) VALUES ($1)").bind(id).execute(&mut *tx).await?;\n    tx.commit().await?;\n    Ok(())\n}\n',
      lines: [5],
      messageIncludes: 'before `tx.commit()`',
    },
    {
      name: 'sqlx: writes, then Ok without commit',
      code: 'pub async fn transfer(pool: &PgPool, from: Uuid, to: Uuid) -> Result<Uuid, WalletError> {\n    let mut tx = pool.begin().await?;\n    sqlx::query("UPDATE wallets SET balance = balance - 1 WHERE id = $1").bind(from).execute(&mut *tx).await?;\n    let entry_id = Uuid::new_v4();\n    sqlx::query("INSERT INTO ledger (id) VALUES ($1)").bind(entry_id).execute(&mut *tx).await?;\n    Ok(entry_id)\n}\n',
      lines: [6],
      messageIncludes: '`transfer` returns `Ok(entry_id)` without `tx.commit()`',
    },
    {
      name: 'tokio-postgres transaction',
      code: 'pub async fn archive(client: &mut Client, id: i64) -> Result<(), Error> {\n    let txn = client.transaction().await?;\n    txn.execute("INSERT INTO archive SELECT * FROM posts WHERE id = $1", &[&id]).await?;\n    txn.execute("DELETE FROM posts WHERE id = $1", &[&id]).await?;\n    Ok(())\n}\n',
      lines: [5],
      messageIncludes: '`txn`',
    },
    {
      name: 'writes through a helper taking &mut tx',
      code: 'impl Service {\n    pub async fn place(&self, cart: &Cart) -> Result<Order, Error> {\n        let mut tx = self.db.begin().await?;\n        let order = insert_order(&mut tx, cart).await?;\n        Ok(order)\n    }\n}\n',
      lines: [5],
    },
  ],
});
