use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};

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

    /// Tickets assigned to `assignee` (an e-mail address), newest first.
    /// Uses lower() so it hits the functional index on assignee.
    pub async fn assigned_to(&self, assignee: &str) -> Result<Vec<ticket::Model>, DbErr> {
        let stmt = Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT * FROM tickets WHERE lower(assignee) = lower('{}') \
                 ORDER BY created_at DESC LIMIT 50",
                assignee
            ),
        );
        Ticket::find().from_raw_sql(stmt).all(&self.db).await
    }
}
