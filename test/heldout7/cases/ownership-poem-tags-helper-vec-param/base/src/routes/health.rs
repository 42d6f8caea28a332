use poem::{handler, http::StatusCode};

#[handler]
pub async fn health() -> StatusCode {
    StatusCode::OK
}
