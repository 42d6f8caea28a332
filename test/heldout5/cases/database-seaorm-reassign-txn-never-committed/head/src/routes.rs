use poem::{get, post, EndpointExt, Route};
use sea_orm::DatabaseConnection;

use crate::handlers::tickets;

pub fn app(db: DatabaseConnection) -> impl poem::Endpoint {
    Route::new()
        .at("/agents/:agent_id/tickets", get(tickets::agent_tickets))
        .at("/agents/:agent_id/reassign", post(tickets::reassign_open_tickets))
        .data(db)
}
