import rule from '../../../src/rules/database/tx-not-committed.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'committed before Ok',
      code: `pub async fn t(pool: &PgPool) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM carts WHERE expired").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
`,
    },
    {
      name: 'returned to the caller',
      code: `pub async fn open(pool: &PgPool) -> sqlx::Result<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL lock_timeout = '2s'").execute(&mut *tx).await?;
    Ok(tx)
}
`,
    },
    {
      name: 'read-only snapshot transaction',
      code: `pub async fn report(pool: &PgPool) -> sqlx::Result<(i64, i64)> {
    let mut tx = pool.begin().await?;
    let a: i64 = sqlx::query_scalar("SELECT count(*) FROM a").fetch_one(&mut *tx).await?;
    let b: i64 = sqlx::query_scalar("SELECT count(*) FROM b").fetch_one(&mut *tx).await?;
    Ok((a, b))
}
`,
    },
    {
      name: 'handed by value to a helper that commits',
      code: `pub async fn t(pool: &PgPool) -> Result<()> {
    let mut tx = pool.begin().await?;
    insert_order(&mut tx).await?;
    finish(tx).await
}
`,
    },
    {
      name: 'diesel closure transaction commits by itself',
      code: `pub fn t(conn: &mut PgConnection) -> QueryResult<()> {
    conn.transaction(|conn| {
        diesel::delete(carts::table).execute(conn)?;
        Ok(())
    })
}
`,
    },
    {
      name: 'explicit rollback (dry run)',
      code: `pub async fn dry_run(pool: &PgPool) -> sqlx::Result<u64> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query("DELETE FROM sessions WHERE expired").execute(&mut *tx).await?.rows_affected();
    tx.rollback().await?;
    Ok(n)
}
`,
    },
    {
      name: 'test fixture',
      code: `#[sqlx::test]
async fn fixture(pool: PgPool) {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("INSERT INTO t VALUES (1)").execute(&mut *tx).await.unwrap();
}
`,
    },
    {
      name: 'early return when nothing was updated (the rollback loses nothing)',
      code: `pub async fn apply(pool: &PgPool, code: &str) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query("UPDATE coupons SET used = true WHERE code = $1").bind(code).execute(&mut *tx).await?.rows_affected();
    if n == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO redemptions (code) VALUES ($1)").bind(code).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}
`,
    },
    {
      name: 'read-only transaction with SET TRANSACTION in a handler',
      code: `pub async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let mut tx = state.db.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(&mut *tx).await?;
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&mut *tx).await?;
    Ok(Json(Stats { users }))
}
`,
    },
    {
      name: 'a sea-orm transaction that only reads (a consistent snapshot)',
      code: `pub async fn report(db: &DatabaseConnection) -> Result<Summary, DbErr> {
    let txn = db.begin().await?;
    let open = invoice::Entity::find().filter(invoice::Column::Paid.eq(false)).all(&txn).await?;
    let total = payment::Entity::find().count(&txn).await?;
    Ok(Summary { open: open.len(), total })
}
`,
    },
  ],
  invalid: [
    {
      name: 'sea-orm writes through `&txn` and returns Ok without commit',
      code: `pub async fn archive(db: &DatabaseConnection, before: Date) -> Result<u64, DbErr> {
    let txn = db.begin().await?;
    let res = order::Entity::delete_many()
        .filter(order::Column::CreatedOn.lt(before))
        .exec(&txn)
        .await?;
    Ok(res.rows_affected)
}
`,
      lines: [7],
    },
    {
      name: 'early return Ok after a write, before the commit',
      code: `pub async fn pay(pool: &PgPool, id: Uuid, notify: bool) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE invoices SET status = 'paid' WHERE id = $1").bind(id).execute(&mut *tx).await?;
    if !notify {
        return Ok(());
    }
    sqlx::query("INSERT INTO outbox (invoice_id) VALUES ($1)").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
`,
      lines: [5],
      messageIncludes: 'before `tx.commit()`',
    },
    {
      name: 'sqlx: writes, then Ok without commit',
      code: `pub async fn transfer(pool: &PgPool, from: Uuid, to: Uuid) -> Result<Uuid, WalletError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE wallets SET balance = balance - 1 WHERE id = $1").bind(from).execute(&mut *tx).await?;
    let entry_id = Uuid::new_v4();
    sqlx::query("INSERT INTO ledger (id) VALUES ($1)").bind(entry_id).execute(&mut *tx).await?;
    Ok(entry_id)
}
`,
      lines: [6],
      messageIncludes: '`transfer` returns `Ok(entry_id)` without `tx.commit()`',
    },
    {
      name: 'tokio-postgres transaction',
      code: `pub async fn archive(client: &mut Client, id: i64) -> Result<(), Error> {
    let txn = client.transaction().await?;
    txn.execute("INSERT INTO archive SELECT * FROM posts WHERE id = $1", &[&id]).await?;
    txn.execute("DELETE FROM posts WHERE id = $1", &[&id]).await?;
    Ok(())
}
`,
      lines: [5],
      messageIncludes: '`txn`',
    },
    {
      name: 'writes through a helper taking &mut tx',
      code: `impl Service {
    pub async fn place(&self, cart: &Cart) -> Result<Order, Error> {
        let mut tx = self.db.begin().await?;
        let order = insert_order(&mut tx, cart).await?;
        Ok(order)
    }
}
`,
      lines: [5],
    },
  ],
});
