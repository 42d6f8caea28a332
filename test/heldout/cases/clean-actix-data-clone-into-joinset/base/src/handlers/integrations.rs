use actix_web::{post, web, HttpResponse};
use serde::Serialize;
use uuid::Uuid;

use crate::auth::AdminUser;
use crate::error::ApiError;
use crate::integrations::IntegrationHub;

#[derive(Serialize)]
pub struct ResyncSummary {
    pub synced: usize,
    pub failed: Vec<Uuid>,
}

#[post("/admin/integrations/resync")]
pub async fn resync_all(
    admin: AdminUser,
    hub: web::Data<IntegrationHub>,
) -> Result<HttpResponse, ApiError> {
    let ids = hub.active_integration_ids(admin.org_id).await?;
    let mut summary = ResyncSummary { synced: 0, failed: Vec::new() };
    for id in ids {
        match hub.resync(id).await {
            Ok(()) => summary.synced += 1,
            Err(_) => summary.failed.push(id),
        }
    }
    Ok(HttpResponse::Ok().json(summary))
}
