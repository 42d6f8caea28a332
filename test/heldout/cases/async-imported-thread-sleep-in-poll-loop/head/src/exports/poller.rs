use std::thread::sleep;
use std::time::Duration;

use serde::Deserialize;
use tracing::debug;

use crate::exports::{ExportError, ExportId, WarehouseClient};

#[derive(Debug, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ExportStatus {
    Pending,
    Running { percent: u8 },
    Done { download_url: String },
    Failed { reason: String },
}

const MAX_DELAY: Duration = Duration::from_secs(8);

pub async fn wait_for_export(
    client: &WarehouseClient,
    id: &ExportId,
    deadline: Duration,
) -> Result<String, ExportError> {
    let started = std::time::Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        match client.export_status(id).await? {
            ExportStatus::Done { download_url } => return Ok(download_url),
            ExportStatus::Failed { reason } => return Err(ExportError::Failed(reason)),
            ExportStatus::Pending | ExportStatus::Running { .. } => {}
        }
        if started.elapsed() + delay > deadline {
            return Err(ExportError::TimedOut);
        }
        debug!(export = %id, ?delay, "export not ready yet");
        sleep(delay);
        delay = (delay * 2).min(MAX_DELAY);
    }
}
