use actix_web::{post, web, HttpResponse};
use serde::Serialize;
use tokio::task::JoinSet;
use tracing::warn;
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
    let mut tasks = JoinSet::new();
    for id in ids {
        let hub = hub.clone();
        tasks.spawn(async move { (id, hub.resync(id).await) });
    }
    let mut summary = ResyncSummary { synced: 0, failed: Vec::new() };
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((_, Ok(()))) => summary.synced += 1,
            Ok((id, Err(e))) => {
                warn!(integration = %id, error = %e, "resync failed");
                summary.failed.push(id);
            }
            Err(e) => warn!(error = %e, "resync task panicked"),
        }
    }
    Ok(HttpResponse::Ok().json(summary))
}
