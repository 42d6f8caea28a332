use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;
use uuid::Uuid;

use crate::{error::RepoError, models::{Customer, NewCustomer}, state::AppState};

pub struct ApiError(RepoError);

impl From<RepoError> for ApiError {
    fn from(e: RepoError) -> Self {
        Self(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self.0 {
            RepoError::NotFound(_) => {
                (StatusCode::NOT_FOUND, Json(json!({ "error": "customer not found" }))).into_response()
            }
            RepoError::DuplicateEmail => (
                StatusCode::CONFLICT,
                Json(json!({ "error": "email address already registered" })),
            )
                .into_response(),
            RepoError::Db(e) => {
                tracing::error!(error = %e, "customer repository failed");
                (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "error": "internal error" })))
                    .into_response()
            }
        }
    }
}

pub async fn create_customer(
    State(state): State<AppState>,
    Json(new): Json<NewCustomer>,
) -> Result<(StatusCode, Json<Customer>), ApiError> {
    let customer = state.customers.create(&new).await?;
    Ok((StatusCode::CREATED, Json(customer)))
}

pub async fn get_customer(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Customer>, ApiError> {
    Ok(Json(state.customers.get(id).await?))
}
