use poem::handler;
use poem::web::{Data, Json, Path};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde::{Deserialize, Serialize};

use crate::entities::{agent, ticket};
use crate::error::ApiError;

#[handler]
pub async fn agent_tickets(
    Data(db): Data<&DatabaseConnection>,
    Path(agent_id): Path<i32>,
) -> Result<Json<Vec<ticket::Model>>, ApiError> {
    let tickets = ticket::Entity::find()
        .filter(ticket::Column::AgentId.eq(agent_id))
        .order_by_desc(ticket::Column::UpdatedAt)
        .limit(100)
        .all(db)
        .await?;
    Ok(Json(tickets))
}

#[derive(Debug, Deserialize)]
pub struct Reassign {
    pub to_agent: i32,
}

#[derive(Debug, Serialize)]
pub struct Reassigned {
    pub moved: u64,
}

/// Moves every open ticket of an agent who is leaving to a colleague and
/// deactivates the agent, atomically.
#[handler]
pub async fn reassign_open_tickets(
    Data(db): Data<&DatabaseConnection>,
    Path(agent_id): Path<i32>,
    Json(body): Json<Reassign>,
) -> Result<Json<Reassigned>, ApiError> {
    if body.to_agent == agent_id {
        return Err(ApiError::BadRequest("cannot reassign to the same agent"));
    }
    let txn = db.begin().await?;
    let moved = ticket::Entity::update_many()
        .col_expr(ticket::Column::AgentId, Expr::value(body.to_agent))
        .filter(ticket::Column::AgentId.eq(agent_id))
        .filter(ticket::Column::Status.ne("closed"))
        .exec(&txn)
        .await?;
    agent::Entity::update_many()
        .col_expr(agent::Column::Active, Expr::value(false))
        .filter(agent::Column::Id.eq(agent_id))
        .exec(&txn)
        .await?;
    tracing::info!(agent_id, to = body.to_agent, moved = moved.rows_affected, "tickets reassigned");
    Ok(Json(Reassigned { moved: moved.rows_affected }))
}
