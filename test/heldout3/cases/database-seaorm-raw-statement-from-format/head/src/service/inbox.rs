use crate::entity::ticket;
use crate::repo::tickets::TicketRepo;
use crate::service::ServiceError;

pub struct Inbox<'a> {
    pub tickets: &'a TicketRepo,
}

impl Inbox<'_> {
    pub async fn for_team(&self, team_id: i64) -> Result<Vec<ticket::Model>, ServiceError> {
        Ok(self.tickets.open_for_team(team_id).await?)
    }

    pub async fn mine(&self, email: &str) -> Result<Vec<ticket::Model>, ServiceError> {
        Ok(self.tickets.assigned_to(email).await?)
    }
}
