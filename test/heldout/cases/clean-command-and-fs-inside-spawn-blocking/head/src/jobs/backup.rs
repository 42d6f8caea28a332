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
        let dump = task::spawn_blocking(move || -> Result<PathBuf, JobError> {
            fs::create_dir_all(&dir)?;
            let dump = dir.join(format!("backup-{}.dump", Utc::now().format("%Y%m%dT%H%M%S")));
            let output = Command::new("pg_dump")
                .args(["--format=custom", "--file"])
                .arg(&dump)
                .arg(&database_url)
                .output()?;
            if !output.status.success() {
                return Err(JobError::Backup(String::from_utf8_lossy(&output.stderr).into_owned()));
            }
            let bytes = fs::metadata(&dump)?.len();
            let manifest = Manifest {
                file: dump.display().to_string(),
                bytes,
                created_at: Utc::now().to_rfc3339(),
            };
            fs::write(dir.join("latest.json"), serde_json::to_vec_pretty(&manifest)?)?;
            Ok(dump)
        })
        .await??;
        info!(file = %dump.display(), "backup written");
        Ok(dump)
    }
}
