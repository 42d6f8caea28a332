import rule from '../../../src/rules/database/blocking-orm-in-async.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'sync diesel in a sync fn',
      code: 'use diesel::prelude::*;\npub fn list(conn: &mut PgConnection) -> QueryResult<Vec<Post>> {\n    posts::table.filter(posts::published.eq(true)).load(conn)\n}\n',
    },
    {
      name: 'inside spawn_blocking',
      code: 'use diesel::prelude::*;\npub async fn list(pool: DbPool) -> Result<Vec<Post>> {\n    tokio::task::spawn_blocking(move || {\n        let mut conn = pool.get()?;\n        posts::table.load::<Post>(&mut conn)\n    }).await?\n}\n',
    },
    {
      name: 'inside deadpool interact',
      code: 'use diesel::prelude::*;\npub async fn list(State(state): State<AppState>) -> Result<Vec<Post>> {\n    let conn = state.pool.get().await?;\n    Ok(conn.interact(|c| posts::table.limit(10).load::<Post>(c)).await??)\n}\n',
    },
    {
      name: 'diesel-async awaited',
      code: 'use diesel::prelude::*;\nuse diesel_async::RunQueryDsl;\npub async fn list(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Post>> {\n    posts::table.limit(10).load(conn).await\n}\n',
    },
    {
      name: 'sqlx execute awaited, Command::execute unrelated',
      code: 'use diesel::prelude::*;\npub async fn f(pool: &PgPool, cmd: Command) -> Result<()> {\n    sqlx::query("DELETE FROM t").execute(pool).await?;\n    cmd.execute();\n    Ok(())\n}\n',
    },
  ],
  invalid: [
    {
      name: 'diesel load in an axum handler',
      code: 'use diesel::prelude::*;\n\npub async fn list_posts(State(state): State<AppState>) -> Result<Json<Vec<Post>>, ApiError> {\n    let mut conn = state.pool.get()?;\n    let posts = posts::table.filter(posts::published.eq(true)).limit(50).load::<Post>(&mut conn)?;\n    Ok(Json(posts))\n}\n',
      lines: [5],
      messageIncludes: 'inside async `list_posts`',
    },
    {
      name: 'diesel insert in an async service fn',
      code: 'use diesel::prelude::*;\npub async fn create(&self, new: NewUser) -> Result<User> {\n    let mut conn = self.pool.get()?;\n    let user = diesel::insert_into(users::table).values(&new).get_result(&mut conn)?;\n    Ok(user)\n}\n',
      lines: [4],
    },
    {
      name: 'sync postgres crate in async fn',
      code: 'use postgres::{Client, NoTls};\npub async fn count(client: &mut Client) -> i64 {\n    client.query_one("SELECT count(*) FROM users", &[]).map(|r| r.get(0)).unwrap_or(0)\n}\n',
      lines: [3],
      messageIncludes: 'sync `postgres` crate',
    },
  ],
});
