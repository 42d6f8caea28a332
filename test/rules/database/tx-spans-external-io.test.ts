import rule from '../../../src/rules/database/tx-spans-external-io.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'remote call after the commit',
      code: `pub async fn checkout(&self, cart: &Cart) -> Result<(), Error> {
    let mut tx = self.db.begin().await?;
    let order = insert_order(&mut tx, cart).await?;
    tx.commit().await?;
    self.payments.charge(order.total_cents, order.id).await?;
    Ok(())
}
`,
    },
    {
      name: 'only database awaits inside the transaction',
      code: `pub async fn t(pool: &PgPool, id: Uuid) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query("SELECT 1").fetch_one(&mut *tx).await?;
    helpers::audit(&mut tx, id).await?;
    self.cache.invalidate(id);
    tx.commit().await?;
    Ok(())
}
`,
    },
    {
      name: 'remote call before the transaction begins',
      code: `pub async fn t(&self, id: Uuid) -> Result<()> {
    let rate = self.http.get(&self.url).send().await?.json::<Rate>().await?;
    let mut tx = self.pool.begin().await?;
    sqlx::query("UPDATE t SET r = $1").bind(rate.value).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
`,
    },
    {
      name: 'a repository call that takes the transaction',
      code: `pub async fn t(&self) -> Result<()> {
    let mut tx = self.pool.begin().await?;
    self.orders_repo.insert(&mut tx, &order).await?;
    tx.commit().await?;
    Ok(())
}
`,
    },
    {
      name: 'a database client or cache client inside the transaction',
      code: `pub async fn t(&self, id: Uuid) -> Result<()> {
    let mut tx = self.pool.begin().await?;
    self.redis_client.del(id).await?;
    self.db_client.ping().await?;
    tx.commit().await?;
    Ok(())
}
`,
    },
  ],
  invalid: [
    {
      name: 'a same-file helper that posts to a webhook',
      code: `impl Orders {
    pub async fn ship(&self, id: Uuid) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE orders SET state = 'shipped' WHERE id = $1").bind(id).execute(&mut *tx).await?;
        self.notify_shop(id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn notify_shop(&self, id: Uuid) -> Result<()> {
        self.http.post(&self.webhook_url).json(&id).send().await?;
        Ok(())
    }
}
`,
      lines: [5],
      messageIncludes: '`self.notify_shop(..)`',
    },
    {
      name: 'a service client named *_client',
      code: `pub async fn book(&self, id: Uuid) -> Result<()> {
    let mut tx = self.pool.begin().await?;
    sqlx::query("UPDATE shipments SET state = 'booking' WHERE id = $1").bind(id).execute(&mut *tx).await?;
    let label = self.carrier_client.create_label(id).await?;
    tx.commit().await?;
    Ok(())
}
`,
      lines: [4],
      messageIncludes: 'self.carrier_client',
    },
    {
      name: 'payment provider charged inside the transaction',
      code: `pub async fn place_order(&self, cart: &Cart) -> Result<Order, Error> {
    let mut tx = self.db.begin().await?;
    let order = insert_order(&mut tx, cart).await?;

    let charge = self
        .payments
        .charge(order.total_cents, order.id)
        .await?;
    tx.commit().await?;
    Ok(order)
}
`,
      lines: [5],
      messageIncludes: '`self.payments.charge(..)` is awaited while transaction `tx` (line 2) is open',
    },
    {
      name: 'reqwest send inside a tokio-postgres transaction',
      code: `pub async fn sync(client: &mut Client, http: &reqwest::Client) -> Result<()> {
    let txn = client.transaction().await?;
    txn.execute("UPDATE jobs SET state = 'sent'", &[]).await?;
    http.post("https://hooks.example.com").json(&body).send().await?;
    txn.commit().await?;
    Ok(())
}
`,
      lines: [4],
      messageIncludes: '`http.post(..)..`',
    },
    {
      name: 'email sent before commit',
      code: `pub async fn invite(state: &AppState, email: &str) -> Result<()> {
    let mut tx = state.pool.begin().await?;
    sqlx::query("INSERT INTO invites (email) VALUES ($1)").bind(email).execute(&mut *tx).await?;
    state.mailer.send_invite(email).await?;
    tx.commit().await?;
    Ok(())
}
`,
      lines: [4],
      messageIncludes: 'state.mailer',
    },
  ],
});

/** A command-line tool run by hand: one command waits, and the open transaction still holds its connection. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'an operator command (it parses its command line with clap) that uploads inside its transaction: a note',
      manifests: { 'archivectl/Cargo.toml': `[package]
name = "archivectl"
[dependencies]
clap = "4"
sqlx = "0.8"
reqwest = "0.12"
` },
      files: { 'archivectl/src/main.rs': `mod pack;
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let pool = PgPool::connect(&args.database_url).await?;
    pack::pack_release(&pool, &args.bucket_url, args.release).await
}
` },
      path: 'archivectl/src/pack.rs',
      code: `pub async fn pack_release(pool: &PgPool, bucket_url: &str, release: i64) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let mut tx = pool.begin().await?;
    http.put(bucket_url).body(archive_of(release)).send().await?;
    sqlx::query("UPDATE releases SET packed = true WHERE id = $1").bind(release).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
`,
      lines: [4],
      severity: 'info',
      messageIncludes: 'command-line tool',
    },
    {
      name: 'the same upload in a service handler: a warning',
      manifests: { 'archived/Cargo.toml': `[package]
name = "archived"
[dependencies]
axum = "0.7"
sqlx = "0.8"
reqwest = "0.12"
` },
      files: { 'archived/src/main.rs': `mod pack;
#[tokio::main]
async fn main() {
    let app = axum::Router::new().route("/releases/:id/pack", axum::routing::post(pack::pack));
    serve(app).await;
}
` },
      path: 'archived/src/pack.rs',
      code: `pub async fn pack(State(state): State<AppState>, Path(release): Path<i64>) -> Result<(), ApiError> {
    let mut tx = state.pool.begin().await?;
    state.http.put(&state.bucket_url).body(archive_of(release)).send().await?;
    sqlx::query("UPDATE releases SET packed = true WHERE id = $1").bind(release).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
`,
      lines: [3],
      severity: 'warning',
    },
  ],
});
