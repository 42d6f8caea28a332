import rule from '../../../src/rules/database/unwrap-db-result.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'propagated with ?',
      code: `pub async fn get(pool: &PgPool, id: Uuid) -> sqlx::Result<User> {
    sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(pool).await
}
`,
    },
    {
      name: 'pool creation and migrations in main',
      path: 'src/main.rs',
      code: `#[tokio::main]
async fn main() {
    let pool = PgPoolOptions::new().connect(&url).await.unwrap();
    sqlx::migrate!().run(&pool).await.expect("migrations");
    let mut conn = pool.acquire().await.unwrap();
}
`,
    },
    {
      name: 'unwrap in tests',
      code: `#[cfg(test)]
mod tests {
    #[sqlx::test]
    async fn t(pool: PgPool) {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM t").fetch_one(&pool).await.unwrap();
        assert_eq!(n, 0);
    }
}
`,
    },
    {
      name: 'unwrap_or on an optional row, unwrap of a map get',
      code: `pub async fn name(pool: &PgPool, cache: &HashMap<u32, String>) -> String {
    let n = cache.get(&1).unwrap();
    sqlx::query_scalar("SELECT name FROM t LIMIT 1").fetch_optional(pool).await.ok().flatten().unwrap_or_default()
}
`,
    },
    {
      name: 'unwrap of a parsed value after the query',
      code: `pub async fn f(pool: &PgPool) -> Result<u32> {
    let s: String = sqlx::query_scalar("SELECT v FROM settings WHERE k = $1").bind("x").fetch_one(pool).await?;
    Ok(s.parse().unwrap())
}
`,
    },
  ],
  invalid: [
    {
      name: 'fetch_one(..).await.unwrap() in a handler',
      code: `pub async fn get_user(State(state): State<AppState>, Path(id): Path<Uuid>) -> Json<User> {
    let user = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    Json(user)
}
`,
      lines: [6],
      messageIncludes: '`.unwrap()` on the result of `sqlx::query_as.fetch_one(..)`',
    },
    {
      name: 'deadpool pool.get().await.expect',
      code: `pub async fn count(State(pool): State<Pool>) -> String {
    let client = pool.get().await.expect("db connection");
    client.query_one("SELECT count(*) FROM t", &[]).await.map(|r| r.get::<_, i64>(0).to_string()).unwrap_or_default()
}
`,
      lines: [2],
      messageIncludes: 'pool.get()',
    },
    {
      name: 'tokio-postgres query_one unwrap',
      code: `use tokio_postgres::Client;
pub async fn name(client: &Client, id: i32) -> String {
    let row = client.query_one("SELECT name FROM users WHERE id = $1", &[&id]).await.unwrap();
    row.get(0)
}
`,
      lines: [3],
    },
    {
      name: 'tx.commit().await.unwrap()',
      code: `pub async fn save(pool: &PgPool) {
    let mut tx = pool.begin().await.unwrap();
    tx.commit().await.unwrap();
}
`,
      lines: [2, 3],
    },
  ],
});

// A statement prepared on a connection and run later (rusqlite, postgres): running it runs its SQL.
testFileRule(rule, {
  valid: [
    {
      name: 'a prepared statement run with ? (the unwrap is of a value read from a row)',
      code: `pub fn purge(conn: &rusqlite::Connection, ids: &[i64]) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare("DELETE FROM sessions WHERE id = ?1")?;
    let n = stmt.execute([ids[0]])?;
    Ok(Some(n).unwrap())
}
`,
    },
    {
      name: 'execute of a binding that is not a prepared statement (a job runner)',
      code: `pub fn run_all(jobs: &Jobs) {
    let runner = jobs.runner();
    runner.execute(1).unwrap();
}
`,
    },
  ],
  invalid: [
    {
      name: 'a prepared DELETE executed per id with unwrap, in a closure',
      code: `pub fn purge(&self, ids: &[i64]) -> rusqlite::Result<()> {
    let mut stmt = self.conn.prepare("DELETE FROM sessions WHERE id = ?1")?;
    ids.iter().for_each(|id| {
        stmt.execute([id]).unwrap();
    });
    Ok(())
}
`,
      lines: [4],
      messageIncludes: '`stmt.execute(..)`',
    },
  ],
});

// The database behind a project's own layer: an embedded store's handle, or a crate fn in another file
// whose `Result` carries a query's error.
testFileRule(rule, {
  valid: [
    {
      name: 'unwrap of a project fn that handles the store\'s error itself',
      files: {
        'src/lib.rs': `pub mod store;
pub mod routes;
`,
        'src/store.rs': `use sled::Tree;
pub struct Badges { by_user: Tree }
impl Badges {
    pub fn count(&self, user: &str) -> Result<usize, BadgeError> {
        let n = self.by_user.get(user).ok().flatten().map(|v| v.len()).unwrap_or(0);
        Ok(n)
    }
}
`,
      },
      path: 'src/routes.rs',
      code: `use crate::store::Badges;
pub fn badge_count(badges: &Badges, user: &str) -> usize {
    badges.count(user).unwrap()
}
`,
    },
    {
      name: 'a get of the crate\'s own type called Tree is not the store',
      code: `pub struct Tree { nodes: Vec<u32> }
impl Tree {
    pub fn get(&self, i: usize) -> Option<&u32> { self.nodes.get(i) }
}
pub struct Forest { first: Tree }
impl Forest {
    pub fn root(&self) -> u32 { *self.first.get(0).unwrap() }
}
`,
    },
  ],
  invalid: [
    {
      name: 'unwrap of a sled read, the handle declared in a struct field',
      code: `pub struct Sessions { by_token: sled::Tree }
impl Sessions {
    pub fn user_of(&self, token: &str) -> Option<String> {
        let raw = self.by_token.get(token).unwrap()?;
        Some(String::from_utf8_lossy(&raw).into_owned())
    }
}
`,
      lines: [4],
      messageIncludes: '`self.by_token.get(..)`',
    },
    {
      name: 'unwrap of a project fn in another file that propagates a sled error, reached through fields',
      files: {
        'src/lib.rs': `pub mod db;
pub mod routes;
`,
        'src/db/mod.rs': `pub mod accounts;
pub struct Store { pub accounts: accounts::Accounts }
`,
        'src/db/accounts.rs': `use sled::Tree;
pub struct Accounts { by_name: Tree }
impl Accounts {
    pub fn taken(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.by_name.contains_key(name)?)
    }
}
`,
      },
      path: 'src/routes.rs',
      code: `use crate::db::Store;
pub fn name_free(store: &Store, name: &str) -> bool {
    !store.accounts.taken(name).unwrap()
}
`,
      lines: [3],
      messageIncludes: '`store.accounts.taken(..)`',
    },
    {
      name: 'expect on an awaited repository fn whose tail is a sqlx query, two files away',
      files: {
        'src/lib.rs': `pub mod repo;
pub mod jobs;
`,
        'src/repo.rs': `pub async fn pending(pool: &PgPool) -> sqlx::Result<Vec<Job>> {
    sqlx::query_as::<_, Job>("SELECT * FROM jobs WHERE done = false").fetch_all(pool).await
}
`,
      },
      path: 'src/jobs.rs',
      code: `pub async fn sweep(pool: &PgPool) {
    let jobs = crate::repo::pending(pool).await.expect("pending jobs");
    for j in jobs {
        j.mark();
    }
}
`,
      lines: [2],
      messageIncludes: '`crate::repo::pending(..)`',
    },
  ],
});

// A model crate that writes its lookups once as a `macro_rules!` and invokes it in each type's impl:
// the fn the macro writes runs the query, and so does a method calling it (model/macro-items.ts).
const MODEL_LIB = `#[macro_use]
extern crate diesel;
pub mod parcels;
pub mod pages;
pub type Db = diesel::PgConnection;

macro_rules! fetch_by_id {
    ($table:ident) => {
        pub fn fetch(db: &crate::Db, id: i64) -> Result<Self, StoreError> {
            $table::table.filter($table::id.eq(id)).first(db).map_err(StoreError::from)
        }
    };
}

macro_rules! parse_as {
    ($fn:ident) => {
        pub fn $fn(raw: &str) -> Result<Self, ParseError> { raw.parse() }
    };
}
`;
const PARCELS = `use diesel::prelude::*;
use crate::schema::{parcels, senders};
pub struct Parcel { pub id: i64, pub sender_id: i64 }
pub struct Sender { pub id: i64, pub name: String }
impl Sender {
    fetch_by_id!(senders);
}
impl Parcel {
    fetch_by_id!(parcels);
    parse_as!(from_label);
    pub fn sender(&self, db: &crate::Db) -> Result<Sender, StoreError> {
        Sender::fetch(db, self.sender_id)
    }
}
`;
testFileRule(rule, {
  valid: [
    {
      name: 'unwrap of a fn a crate macro writes that parses, not queries',
      files: { 'src/lib.rs': MODEL_LIB, 'src/parcels.rs': PARCELS },
      path: 'src/pages.rs',
      code: `use crate::parcels::Parcel;
pub fn label_page(raw: &str) -> String {
    Parcel::from_label(raw).unwrap().id.to_string()
}
`,
    },
  ],
  invalid: [
    {
      name: 'unwrap of a model method over a lookup that a crate macro writes in the impl',
      files: { 'src/lib.rs': MODEL_LIB, 'src/parcels.rs': PARCELS },
      path: 'src/pages.rs',
      code: `use crate::parcels::Parcel;
pub fn sender_line(db: &crate::Db, parcel: Parcel) -> String {
    let sender = parcel.sender(db).unwrap();
    let again = Parcel::fetch(db, parcel.id).expect("parcel");
    format!("{} {}", sender.name, again.id)
}
`,
      lines: [3, 4],
      messageIncludes: 'parcel.sender(..)',
    },
  ],
});
