import rule from '../../../src/rules/database/blocking-orm-in-async.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const DB_CONN = `use std::sync::Arc;
use tokio::sync::Mutex;

pub struct DbConn {
    conn: Arc<Mutex<Option<PgConnection>>>,
}

impl DbConn {
    pub async fn run<F, R>(&self, f: F) -> R
    where
        F: FnOnce(&mut PgConnection) -> R,
    {
        let mut guard = self.conn.lock_owned().await;
        let conn = guard.as_mut().expect("connection");
        tokio::task::block_in_place(move || f(conn))
    }
}

#[macro_export]
macro_rules! db_run {
    ($conn:ident: $body:block) => {
        $conn.run(move |$conn| $body).await
    };
}
`;

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
    {
      name: 'query in a closure handed to a project wrapper (another file) that runs it under block_in_place',
      files: { 'src/lib.rs': 'pub mod db;\npub mod api;\n', 'src/db/mod.rs': DB_CONN },
      path: 'src/api/users.rs',
      code: `use diesel::prelude::*;
use crate::db::DbConn;

pub async fn list_users(conn: DbConn) -> Vec<User> {
    conn.run(|c| users::table.limit(50).load::<User>(c).unwrap()).await
}
`,
    },
    {
      name: 'query inside the project macro over that wrapper',
      files: { 'src/lib.rs': 'pub mod db;\npub mod api;\n', 'src/db/mod.rs': DB_CONN },
      path: 'src/api/users.rs',
      code: `use diesel::prelude::*;

pub async fn count_users(conn: DbConn) -> i64 {
    db_run! { conn: {
        users::table.count().get_result(conn).unwrap()
    }}
}
`,
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
    {
      name: 'a same-named wrapper that runs the closure inline still blocks',
      files: {
        'src/lib.rs': 'pub mod db;\npub mod api;\n',
        'src/db/mod.rs': `pub struct DbConn { conn: PgConnection }
impl DbConn {
    pub async fn run<F, R>(&mut self, f: F) -> R where F: FnOnce(&mut PgConnection) -> R {
        f(&mut self.conn)
    }
}
`,
      },
      path: 'src/api/users.rs',
      code: `use diesel::prelude::*;
use crate::db::DbConn;

pub async fn list_users(mut conn: DbConn) -> Vec<User> {
    conn.run(|c| users::table.limit(50).load::<User>(c).unwrap()).await
}
`,
      lines: [5],
    },
  ],
});
