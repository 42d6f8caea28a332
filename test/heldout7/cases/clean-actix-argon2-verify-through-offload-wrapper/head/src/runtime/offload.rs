//! Runs CPU-heavy or blocking work on tokio's blocking pool so request
//! workers stay responsive. Every password hash and file read in handlers
//! goes through here.

use actix_web::error::ErrorInternalServerError;

pub async fn offload<F, T>(work: F) -> actix_web::Result<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ErrorInternalServerError("background task failed"))
}
