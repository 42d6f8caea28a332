use serde::{Deserialize, Serialize};
use sqlx::{FromRow, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

#[derive(Debug, Serialize, FromRow)]
pub struct Product {
    pub id: Uuid,
    pub name: String,
    pub category: String,
    pub price_cents: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct ProductFilter {
    pub name_contains: Option<String>,
    pub categories: Vec<String>,
    pub max_price_cents: Option<i64>,
}

pub async fn list(pool: &PgPool, limit: i64) -> sqlx::Result<Vec<Product>> {
    search(pool, &ProductFilter::default(), limit).await
}

pub async fn search(pool: &PgPool, filter: &ProductFilter, limit: i64) -> sqlx::Result<Vec<Product>> {
    let mut qb: QueryBuilder<Postgres> =
        QueryBuilder::new("SELECT id, name, category, price_cents FROM products WHERE true");

    if let Some(needle) = &filter.name_contains {
        qb.push(" AND name ILIKE ").push_bind(format!("%{needle}%"));
    }
    if !filter.categories.is_empty() {
        qb.push(" AND category = ANY(").push_bind(&filter.categories).push(")");
    }
    if let Some(max) = filter.max_price_cents {
        qb.push(" AND price_cents <= ").push_bind(max);
    }
    qb.push(" ORDER BY name LIMIT ").push_bind(limit.clamp(1, 200));

    qb.build_query_as::<Product>().fetch_all(pool).await
}
