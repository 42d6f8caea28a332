import rule from '../../../src/rules/database/tx-spans-external-io.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'remote call after the commit',
      code: 'pub async fn checkout(&self, cart: &Cart) -> Result<(), Error> {\n    let mut tx = self.db.begin().await?;\n    let order = insert_order(&mut tx, cart).await?;\n    tx.commit().await?;\n    self.payments.charge(order.total_cents, order.id).await?;\n    Ok(())\n}\n',
    },
    {
      name: 'only database awaits inside the transaction',
      code: 'pub async fn t(pool: &PgPool, id: Uuid) -> sqlx::Result<()> {\n    let mut tx = pool.begin().await?;\n    let row = sqlx::query("SELECT 1").fetch_one(&mut *tx).await?;\n    helpers::audit(&mut tx, id).await?;\n    self.cache.invalidate(id);\n    tx.commit().await?;\n    Ok(())\n}\n',
    },
    {
      name: 'remote call before the transaction begins',
      code: 'pub async fn t(&self, id: Uuid) -> Result<()> {\n    let rate = self.http.get(&self.url).send().await?.json::<Rate>().await?;\n    let mut tx = self.pool.begin().await?;\n    sqlx::query("UPDATE t SET r = $1").bind(rate.value).execute(&mut *tx).await?;\n    tx.commit().await?;\n    Ok(())\n}\n',
    },
    {
      name: 'a repository call that takes the transaction',
      code: 'pub async fn t(&self) -> Result<()> {\n    let mut tx = self.pool.begin().await?;\n    self.orders_repo.insert(&mut tx, &order).await?;\n    tx.commit().await?;\n    Ok(())\n}\n',
    },
    {
      name: 'a database client or cache client inside the transaction',
      code: 'pub async fn t(&self, id: Uuid) -> Result<()> {\n    let mut tx = self.pool.begin().await?;\n    self.redis_client.del(id).await?;\n    self.db_client.ping().await?;\n    tx.commit().await?;\n    Ok(())\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a same-file helper that posts to a webhook',
      code: 'impl Orders {\n    pub async fn ship(&self, id: Uuid) -> Result<()> {\n        let mut tx = self.pool.begin().await?;\n        sqlx::query("UPDATE orders SET state = \'shipped\' WHERE id = $1").bind(id).execute(&mut *tx).await?;\n        self.notify_shop(id).await?;\n        tx.commit().await?;\n        Ok(())\n    }\n\n    async fn notify_shop(&self, id: Uuid) -> Result<()> {\n        self.http.post(&self.webhook_url).json(&id).send().await?;\n        Ok(())\n    }\n}\n',
      lines: [5],
      messageIncludes: '`self.notify_shop(..)`',
    },
    {
      name: 'a service client named *_client',
      code: 'pub async fn book(&self, id: Uuid) -> Result<()> {\n    let mut tx = self.pool.begin().await?;\n    sqlx::query("UPDATE shipments SET state = \'booking\' WHERE id = $1").bind(id).execute(&mut *tx).await?;\n    let label = self.carrier_client.create_label(id).await?;\n    tx.commit().await?;\n    Ok(())\n}\n',
      lines: [4],
      messageIncludes: 'self.carrier_client',
    },
    {
      name: 'payment provider charged inside the transaction',
      code: 'pub async fn place_order(&self, cart: &Cart) -> Result<Order, Error> {\n    let mut tx = self.db.begin().await?;\n    let order = insert_order(&mut tx, cart).await?;\n\n    let charge = self\n        .payments\n        .charge(order.total_cents, order.id)\n        .await?;\n    tx.commit().await?;\n    Ok(order)\n}\n',
      lines: [5],
      messageIncludes: '`self.payments.charge(..)` is awaited while transaction `tx` (line 2) is open',
    },
    {
      name: 'reqwest send inside a tokio-postgres transaction',
      code: 'pub async fn sync(client: &mut Client, http: &reqwest::Client) -> Result<()> {\n    let txn = client.transaction().await?;\n    txn.execute("UPDATE jobs SET state = \'sent\'", &[]).await?;\n    http.post("https://hooks.example.com").json(&body).send().await?;\n    txn.commit().await?;\n    Ok(())\n}\n',
      lines: [4],
      messageIncludes: '`http.post(..)..`',
    },
    {
      name: 'email sent before commit',
      code: 'pub async fn invite(state: &AppState, email: &str) -> Result<()> {\n    let mut tx = state.pool.begin().await?;\n    sqlx::query("INSERT INTO invites (email) VALUES ($1)").bind(email).execute(&mut *tx).await?;\n    state.mailer.send_invite(email).await?;\n    tx.commit().await?;\n    Ok(())\n}\n',
      lines: [4],
      messageIncludes: 'state.mailer',
    },
  ],
});
