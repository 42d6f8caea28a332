use std::fs;
use std::path::PathBuf;
use std::process::Command;

use chrono::Utc;
use serde::Serialize;
use tokio::task;
use tracing::info;

use crate::jobs::JobError;

#[derive(Serialize)]
struct Manifest {
    file: String,
    bytes: u64,
    created_at: String,
}

pub struct BackupJob {
    pub database_url: String,
    pub target_dir: PathBuf,
}

impl BackupJob {
    pub async fn run(&self) -> Result<PathBuf, JobError> {
        let database_url = self.database_url.clone();
        let dir = self.target_dir.clone();
        let dump = dir.join(format!("backup-{}.dump", Utc::now().format("%Y%m%dT%H%M%S")));
        let status = tokio::process::Command::new("pg_dump")
            .args(["--format=custom", "--file"])
            .arg(&dump)
            .arg(&database_url)
            .status()
            .await?;
        if !status.success() {
            return Err(JobError::Backup(format!("pg_dump exited with {status}")));
        }
        Ok(dump)
    }
}
