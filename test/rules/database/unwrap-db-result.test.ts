import rule from '../../../src/rules/database/unwrap-db-result.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'propagated with ?',
      code: 'pub async fn get(pool: &PgPool, id: Uuid) -> sqlx::Result<User> {\n    sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(pool).await\n}\n',
    },
    {
      name: 'pool creation and migrations in main',
      path: 'src/main.rs',
      code: '#[tokio::main]\nasync fn main() {\n    let pool = PgPoolOptions::new().connect(&url).await.unwrap();\n    sqlx::migrate!().run(&pool).await.expect("migrations");\n    let mut conn = pool.acquire().await.unwrap();\n}\n',
    },
    {
      name: 'unwrap in tests',
      code: '#[cfg(test)]\nmod tests {\n    #[sqlx::test]\n    async fn t(pool: PgPool) {\n        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM t").fetch_one(&pool).await.unwrap();\n        assert_eq!(n, 0);\n    }\n}\n',
    },
    {
      name: 'unwrap_or on an optional row, unwrap of a map get',
      code: 'pub async fn name(pool: &PgPool, cache: &HashMap<u32, String>) -> String {\n    let n = cache.get(&1).unwrap();\n    sqlx::query_scalar("SELECT name FROM t LIMIT 1").fetch_optional(pool).await.ok().flatten().unwrap_or_default()\n}\n',
    },
    {
      name: 'unwrap of a parsed value after the query',
      code: 'pub async fn f(pool: &PgPool) -> Result<u32> {\n    let s: String = sqlx::query_scalar("SELECT v FROM settings WHERE k = $1").bind("x").fetch_one(pool).await?;\n    Ok(s.parse().unwrap())\n}\n',
    },
  ],
  invalid: [
    {
      name: 'fetch_one(..).await.unwrap() in a handler',
      code: 'pub async fn get_user(State(state): State<AppState>, Path(id): Path<Uuid>) -> Json<User> {\n    let user = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1")\n        .bind(id)\n        .fetch_one(&state.db)\n        .await\n        .unwrap();\n    Json(user)\n}\n',
      lines: [6],
      messageIncludes: '`.unwrap()` on the result of `sqlx::query_as.fetch_one(..)`',
    },
    {
      name: 'deadpool pool.get().await.expect',
      code: 'pub async fn count(State(pool): State<Pool>) -> String {\n    let client = pool.get().await.expect("db connection");\n    client.query_one("SELECT count(*) FROM t", &[]).await.map(|r| r.get::<_, i64>(0).to_string()).unwrap_or_default()\n}\n',
      lines: [2],
      messageIncludes: 'pool.get()',
    },
    {
      name: 'tokio-postgres query_one unwrap',
      code: 'use tokio_postgres::Client;\npub async fn name(client: &Client, id: i32) -> String {\n    let row = client.query_one("SELECT name FROM users WHERE id = $1", &[&id]).await.unwrap();\n    row.get(0)\n}\n',
      lines: [3],
    },
    {
      name: 'tx.commit().await.unwrap()',
      code: 'pub async fn save(pool: &PgPool) {\n    let mut tx = pool.begin().await.unwrap();\n    tx.commit().await.unwrap();\n}\n',
      lines: [2, 3],
    },
  ],
});

// A statement prepared on a connection and run later (rusqlite, postgres): running it runs its SQL.
testFileRule(rule, {
  valid: [
    {
      name: 'a prepared statement run with ? (the unwrap is of a value read from a row)',
      code: 'pub fn purge(conn: &rusqlite::Connection, ids: &[i64]) -> rusqlite::Result<usize> {\n    let mut stmt = conn.prepare("DELETE FROM sessions WHERE id = ?1")?;\n    let n = stmt.execute([ids[0]])?;\n    Ok(Some(n).unwrap())\n}\n',
    },
    {
      name: 'execute of a binding that is not a prepared statement (a job runner)',
      code: 'pub fn run_all(jobs: &Jobs) {\n    let runner = jobs.runner();\n    runner.execute(1).unwrap();\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a prepared DELETE executed per id with unwrap, in a closure',
      code: 'pub fn purge(&self, ids: &[i64]) -> rusqlite::Result<()> {\n    let mut stmt = self.conn.prepare("DELETE FROM sessions WHERE id = ?1")?;\n    ids.iter().for_each(|id| {\n        stmt.execute([id]).unwrap();\n    });\n    Ok(())\n}\n',
      lines: [4],
      messageIncludes: '`stmt.execute(..)`',
    },
  ],
});
