use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::ticket::{self, Entity as Ticket};

pub struct TicketRepo {
    db: DatabaseConnection,
}

impl TicketRepo {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn open_for_team(&self, team_id: i64) -> Result<Vec<ticket::Model>, DbErr> {
        Ticket::find()
            .filter(ticket::Column::TeamId.eq(team_id))
            .filter(ticket::Column::Status.ne("closed"))
            .order_by_desc(ticket::Column::CreatedAt)
            .limit(100)
            .all(&self.db)
            .await
    }
}
