import { describe, expect, it } from 'vitest';
import { rowsAddedOnlyAtStartup } from '../../src/model/seeded-tables.js';
import { crateModelOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

describe('tables whose rows only start-up adds', () => {
  it('reads the tables a query inserts into: INSERT (in a WITH too), COPY, diesel insert_into, in start-up, request and test code', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
mod seed;
mod api;
#[tokio::main]
async fn main() {
    let pool = connect().await;
    seed::load(&pool).await;
    serve(Router::new().route("/hit", post(api::hit)), pool).await;
}
`),
      'src/seed.rs': rs(`
use diesel::prelude::*;
pub async fn load(pool: &PgPool) {
    sqlx::query("INSERT INTO public.plans (name) VALUES ($1)").bind("free").execute(pool).await.ok();
    sqlx::query("COPY countries (code, name) FROM STDIN").execute(pool).await.ok();
    diesel::insert_into(schema::tiers::table).values(&tiers()).execute(&mut pool.get().unwrap()).ok();
    sqlx::query("WITH s AS (SELECT 1) INSERT INTO hits (n) SELECT 1 FROM s").execute(pool).await.ok();
}
#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn seeds() { sqlx::query("INSERT INTO plans (name) VALUES ('x')").execute(&pool()).await.unwrap(); }
}
`),
      'src/api.rs': rs(`
pub async fn hit(State(pool): State<PgPool>) {
    sqlx::query("WITH joined AS (SELECT 1), added AS (INSERT INTO hits (n) SELECT 1 FROM joined) SELECT 1").execute(&pool).await.ok();
}
`),
    });
    expect(['plans', 'PLANS', 'countries', 'tiers'].map((t) => rowsAddedOnlyAtStartup(model, t))).toEqual([true, true, true, true]);
    // A request adds rows too (a data-modifying WITH); no query the model sees adds any (another service may).
    expect(rowsAddedOnlyAtStartup(model, 'hits')).toBe(false);
    expect(rowsAddedOnlyAtStartup(model, 'users')).toBe(false);
  });
});
