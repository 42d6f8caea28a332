use poem::error::ResponseError;
use poem::http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("session store unavailable")]
    Store(#[from] bb8::RunError<redis::RedisError>),
    #[error("session store query failed")]
    Query(#[from] redis::RedisError),
    #[error("no such session")]
    NotFound,
}

impl ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::Store(_) | ApiError::Query(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::NotFound => StatusCode::NOT_FOUND,
        }
    }
}
