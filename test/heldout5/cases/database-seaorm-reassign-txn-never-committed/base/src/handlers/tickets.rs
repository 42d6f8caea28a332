use poem::handler;
use poem::web::{Data, Json, Path};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::ticket;
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
