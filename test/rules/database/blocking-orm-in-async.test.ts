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
      code: `use diesel::prelude::*;
pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<Post>> {
    posts::table.filter(posts::published.eq(true)).load(conn)
}
`,
    },
    {
      name: 'inside spawn_blocking',
      code: `use diesel::prelude::*;
pub async fn list(pool: DbPool) -> Result<Vec<Post>> {
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        posts::table.load::<Post>(&mut conn)
    }).await?
}
`,
    },
    {
      name: 'inside deadpool interact',
      code: `use diesel::prelude::*;
pub async fn list(State(state): State<AppState>) -> Result<Vec<Post>> {
    let conn = state.pool.get().await?;
    Ok(conn.interact(|c| posts::table.limit(10).load::<Post>(c)).await??)
}
`,
    },
    {
      name: 'diesel-async awaited',
      code: `use diesel::prelude::*;
use diesel_async::RunQueryDsl;
pub async fn list(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Post>> {
    posts::table.limit(10).load(conn).await
}
`,
    },
    {
      name: 'sqlx execute awaited, Command::execute unrelated',
      code: `use diesel::prelude::*;
pub async fn f(pool: &PgPool, cmd: Command) -> Result<()> {
    sqlx::query("DELETE FROM t").execute(pool).await?;
    cmd.execute();
    Ok(())
}
`,
    },
    {
      name: 'query in a closure handed to a project wrapper (another file) that runs it under block_in_place',
      files: { 'src/lib.rs': `pub mod db;
pub mod api;
`, 'src/db/mod.rs': DB_CONN },
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
      files: { 'src/lib.rs': `pub mod db;
pub mod api;
`, 'src/db/mod.rs': DB_CONN },
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
      code: `use diesel::prelude::*;

pub async fn list_posts(State(state): State<AppState>) -> Result<Json<Vec<Post>>, ApiError> {
    let mut conn = state.pool.get()?;
    let posts = posts::table.filter(posts::published.eq(true)).limit(50).load::<Post>(&mut conn)?;
    Ok(Json(posts))
}
`,
      lines: [5],
      messageIncludes: 'inside async `list_posts`',
    },
    {
      name: 'diesel insert in an async service fn',
      code: `use diesel::prelude::*;
pub async fn create(&self, new: NewUser) -> Result<User> {
    let mut conn = self.pool.get()?;
    let user = diesel::insert_into(users::table).values(&new).get_result(&mut conn)?;
    Ok(user)
}
`,
      lines: [4],
    },
    {
      name: 'sync postgres crate in async fn',
      code: `use postgres::{Client, NoTls};
pub async fn count(client: &mut Client) -> i64 {
    client.query_one("SELECT count(*) FROM users", &[]).map(|r| r.get(0)).unwrap_or(0)
}
`,
      lines: [3],
      messageIncludes: 'sync `postgres` crate',
    },
    {
      name: 'a same-named wrapper that runs the closure inline still blocks',
      files: {
        'src/lib.rs': `pub mod db;
pub mod api;
`,
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
