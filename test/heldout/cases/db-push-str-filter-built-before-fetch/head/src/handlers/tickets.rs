use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::auth::AgentUser;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct TicketSearch {
    pub status: Option<String>,
    pub assignee: Option<String>,
    pub page: Option<i64>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub subject: String,
    pub status: String,
    pub assignee: Option<String>,
}

pub async fn search_tickets(
    State(state): State<AppState>,
    agent: AgentUser,
    Query(params): Query<TicketSearch>,
) -> Result<Json<Vec<TicketRow>>, ApiError> {
    let mut sql = String::from(
        "SELECT id, subject, status, assignee FROM tickets WHERE org_id = $1",
    );
    if let Some(status) = &params.status {
        sql.push_str(&format!(" AND status = '{}'", status));
    }
    if let Some(assignee) = &params.assignee {
        sql.push_str(&format!(" AND assignee = '{}'", assignee));
    }
    sql.push_str(" ORDER BY updated_at DESC LIMIT 50 OFFSET $2");

    let rows = sqlx::query_as::<_, TicketRow>(&sql)
        .bind(agent.org_id)
        .bind(params.page.unwrap_or(0).max(0) * 50)
        .fetch_all(&state.db)
        .await?;
    Ok(Json(rows))
}
