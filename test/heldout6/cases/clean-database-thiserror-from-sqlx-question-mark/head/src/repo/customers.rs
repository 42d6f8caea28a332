use sqlx::PgPool;
use uuid::Uuid;

use crate::{error::RepoError, models::{Customer, NewCustomer}};

#[derive(Clone)]
pub struct CustomerRepo {
    pool: PgPool,
}

impl CustomerRepo {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn create(&self, new: &NewCustomer) -> Result<Customer, RepoError> {
        let customer = sqlx::query_as::<_, Customer>(
            "INSERT INTO customers (id, email, name) VALUES ($1, $2, $3) \
             RETURNING id, email, name, created_at",
        )
        .bind(Uuid::new_v4())
        .bind(&new.email)
        .bind(&new.name)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(db) if db.is_unique_violation() => RepoError::DuplicateEmail,
            other => RepoError::Db(other),
        })?;
        Ok(customer)
    }

    pub async fn get(&self, id: Uuid) -> Result<Customer, RepoError> {
        let customer = sqlx::query_as::<_, Customer>(
            "SELECT id, email, name, created_at FROM customers WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(RepoError::NotFound(id))?;
        Ok(customer)
    }
}
