import rule from '../../../src/rules/database/pool-per-request.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'pool built in main',
      path: 'src/main.rs',
      code: '#[tokio::main]\nasync fn main() -> anyhow::Result<()> {\n    let pool = PgPoolOptions::new().max_connections(10).connect(&cfg.database_url).await?;\n    Ok(())\n}\n',
    },
    {
      name: 'pool built in AppState::new / init',
      code: 'impl AppState {\n    pub async fn new(cfg: &Config) -> anyhow::Result<Self> {\n        let db = PgPool::connect(&cfg.database_url).await?;\n        Ok(Self { db })\n    }\n}\npub async fn init_db(url: &str) -> sqlx::Result<PgPool> {\n    PgPoolOptions::new().connect(url).await\n}\n',
    },
    {
      name: 'handler using shared state',
      code: 'pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<User>>, ApiError> {\n    Ok(Json(repo::list(&state.db).await?))\n}\n',
    },
    {
      name: 'per-tenant pool cached in a map',
      code: 'pub async fn tenant_pool(State(state): State<AppState>, Path(t): Path<String>) -> Result<()> {\n    let pool = state.pools.entry(t.clone()).or_insert_with(|| PgPool::connect_lazy(&url).unwrap());\n    Ok(())\n}\n',
    },
    {
      name: 'test fixture',
      code: '#[cfg(test)]\nmod tests {\n    async fn pool() -> PgPool { PgPool::connect("postgres://localhost/test").await.unwrap() }\n}\n',
    },
    {
      name: 'a CLI binary connecting once',
      path: 'src/bin/backfill.rs',
      code: 'async fn run(url: &str) -> anyhow::Result<()> {\n    let pool = PgPool::connect(url).await?;\n    sqlx::query("UPDATE t SET x = 1 WHERE x IS NULL").execute(&pool).await?;\n    Ok(())\n}\n',
    },
  ],
  invalid: [
    {
      name: 'repository fn connecting on every call',
      path: 'src/repo/users.rs',
      code: 'pub async fn find_user(id: Uuid) -> anyhow::Result<Option<User>> {\n    let pool = sqlx::PgPool::connect(&std::env::var("DATABASE_URL")?).await?;\n    let user = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(id).fetch_optional(&pool).await?;\n    Ok(user)\n}\n',
      lines: [2],
      messageIncludes: 'on every call of `find_user`',
    },
    {
      name: 'PgPoolOptions in an axum handler',
      code: 'pub async fn list_users(Query(q): Query<Params>) -> Result<Json<Vec<User>>, ApiError> {\n    let pool = PgPoolOptions::new()\n        .max_connections(5)\n        .connect(&std::env::var("DATABASE_URL")?)\n        .await?;\n    Ok(Json(repo::list(&pool).await?))\n}\n',
      lines: [2],
      messageIncludes: 'on every request to `list_users`',
    },
    {
      name: 'tokio_postgres::connect in an actix handler',
      code: '#[get("/health/db")]\nasync fn db_health(cfg: web::Data<Config>) -> HttpResponse {\n    let (client, conn) = tokio_postgres::connect(&cfg.url, NoTls).await.unwrap();\n    HttpResponse::Ok().finish()\n}\n',
      lines: [3],
      messageIncludes: '`tokio_postgres::connect(..)`',
    },
    {
      name: 'diesel establish in a loop',
      code: 'use diesel::prelude::*;\npub fn sync_all(urls: &[String]) {\n    for url in urls {\n        let mut conn = PgConnection::establish(url).unwrap();\n        drop(conn);\n    }\n}\n',
      lines: [4],
      messageIncludes: 'every iteration',
    },
  ],
});
