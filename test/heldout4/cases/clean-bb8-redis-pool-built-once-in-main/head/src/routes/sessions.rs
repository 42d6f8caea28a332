use poem::handler;
use poem::web::{Data, Json, Path};
use redis::AsyncCommands;
use serde::Serialize;

use crate::error::ApiError;
use crate::RedisPool;

#[derive(Serialize)]
pub struct SessionView {
    user_id: String,
    ttl_seconds: i64,
}

#[handler]
pub async fn lookup(Data(pool): Data<&RedisPool>, Path(token): Path<String>) -> Result<Json<SessionView>, ApiError> {
    let mut conn = pool.get().await?;
    let key = format!("session:{token}");
    let user_id: Option<String> = conn.get(&key).await?;
    let user_id = user_id.ok_or(ApiError::NotFound)?;
    let ttl_seconds: i64 = conn.ttl(&key).await?;
    Ok(Json(SessionView { user_id, ttl_seconds }))
}
