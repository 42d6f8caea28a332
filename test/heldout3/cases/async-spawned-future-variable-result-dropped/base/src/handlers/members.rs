use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use crate::audit::publisher::AuditEvent;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::repo::members;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct RoleChange {
    pub role: members::Role,
}

pub async fn change_role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((tenant_id, member_id)): Path<(String, String)>,
    Json(body): Json<RoleChange>,
) -> Result<StatusCode, ApiError> {
    user.require_admin(&tenant_id)?;
    members::set_role(&state.db, &tenant_id, &member_id, body.role).await?;
    state
        .audit
        .record(&AuditEvent {
            tenant_id,
            actor: user.id,
            action: "member.role_changed",
            target: member_id,
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
