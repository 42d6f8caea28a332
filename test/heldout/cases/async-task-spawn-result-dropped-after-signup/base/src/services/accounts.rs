use std::sync::Arc;

use sqlx::PgPool;
use uuid::Uuid;

use crate::crm::CrmClient;
use crate::error::ServiceError;
use crate::models::{Account, NewAccount};

pub struct AccountService {
    db: PgPool,
    crm: Arc<CrmClient>,
}

impl AccountService {
    pub fn new(db: PgPool, crm: Arc<CrmClient>) -> Self {
        Self { db, crm }
    }

    pub async fn create(&self, input: NewAccount) -> Result<Account, ServiceError> {
        let account = sqlx::query_as::<_, Account>(
            "INSERT INTO accounts (id, email, company, plan) VALUES ($1, $2, $3, $4) \
             RETURNING id, email, company, plan, created_at",
        )
        .bind(Uuid::new_v4())
        .bind(&input.email)
        .bind(&input.company)
        .bind(&input.plan)
        .fetch_one(&self.db)
        .await?;
        Ok(account)
    }
}
