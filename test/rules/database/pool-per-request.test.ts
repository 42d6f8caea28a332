import rule from '../../../src/rules/database/pool-per-request.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'pool built in main',
      path: 'src/main.rs',
      code: `#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let pool = PgPoolOptions::new().max_connections(10).connect(&cfg.database_url).await?;
    Ok(())
}
`,
    },
    {
      name: 'pool built in AppState::new / init',
      code: `impl AppState {
    pub async fn new(cfg: &Config) -> anyhow::Result<Self> {
        let db = PgPool::connect(&cfg.database_url).await?;
        Ok(Self { db })
    }
}
pub async fn init_db(url: &str) -> sqlx::Result<PgPool> {
    PgPoolOptions::new().connect(url).await
}
`,
    },
    {
      name: 'handler using shared state',
      code: `pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(repo::list(&state.db).await?))
}
`,
    },
    {
      name: 'per-tenant pool cached in a map',
      code: `pub async fn tenant_pool(State(state): State<AppState>, Path(t): Path<String>) -> Result<()> {
    let pool = state.pools.entry(t.clone()).or_insert_with(|| PgPool::connect_lazy(&url).unwrap());
    Ok(())
}
`,
    },
    {
      name: 'test fixture',
      code: `#[cfg(test)]
mod tests {
    async fn pool() -> PgPool { PgPool::connect("postgres://localhost/test").await.unwrap() }
}
`,
    },
    {
      name: 'a CLI binary connecting once',
      path: 'src/bin/backfill.rs',
      code: `async fn run(url: &str) -> anyhow::Result<()> {
    let pool = PgPool::connect(url).await?;
    sqlx::query("UPDATE t SET x = 1 WHERE x IS NULL").execute(&pool).await?;
    Ok(())
}
`,
    },
  ],
  invalid: [
    {
      name: 'repository fn connecting on every call',
      path: 'src/repo/users.rs',
      code: `pub async fn find_user(id: Uuid) -> anyhow::Result<Option<User>> {
    let pool = sqlx::PgPool::connect(&std::env::var("DATABASE_URL")?).await?;
    let user = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(id).fetch_optional(&pool).await?;
    Ok(user)
}
`,
      lines: [2],
      messageIncludes: 'on every call of `find_user`',
    },
    {
      name: 'PgPoolOptions in an axum handler',
      code: `pub async fn list_users(Query(q): Query<Params>) -> Result<Json<Vec<User>>, ApiError> {
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect(&std::env::var("DATABASE_URL")?)
        .await?;
    Ok(Json(repo::list(&pool).await?))
}
`,
      lines: [2],
      messageIncludes: 'on every request to `list_users`',
    },
    {
      name: 'tokio_postgres::connect in an actix handler',
      code: `#[get("/health/db")]
async fn db_health(cfg: web::Data<Config>) -> HttpResponse {
    let (client, conn) = tokio_postgres::connect(&cfg.url, NoTls).await.unwrap();
    HttpResponse::Ok().finish()
}
`,
      lines: [3],
      messageIncludes: '`tokio_postgres::connect(..)`',
    },
    {
      name: 'diesel establish in a loop',
      code: `use diesel::prelude::*;
pub fn sync_all(urls: &[String]) {
    for url in urls {
        let mut conn = PgConnection::establish(url).unwrap();
        drop(conn);
    }
}
`,
      lines: [4],
      messageIncludes: 'every iteration',
    },
  ],
});
