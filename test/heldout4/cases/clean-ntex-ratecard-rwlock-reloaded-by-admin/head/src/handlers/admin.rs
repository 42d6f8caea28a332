use ntex::web::{self, HttpResponse};
use tracing::info;

use crate::auth::AdminUser;
use crate::error::ApiError;
use crate::pricing::RateCard;
use crate::state::AppState;

#[web::post("/admin/rates/reload")]
pub async fn reload_rates(state: web::types::State<AppState>, admin: AdminUser) -> Result<HttpResponse, ApiError> {
    let card = RateCard::load_current(&state.db).await?;
    let version = card.version;
    *state.rates.write() = card;
    info!(admin = %admin.id, version, "rate card reloaded");
    Ok(HttpResponse::NoContent().finish())
}
