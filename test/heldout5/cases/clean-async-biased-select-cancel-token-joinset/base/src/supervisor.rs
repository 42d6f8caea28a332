use std::time::Duration;

use tokio::sync::mpsc;

use crate::jobs::{Job, JobRunner};

pub async fn supervise(runner: JobRunner, mut rx: mpsc::Receiver<Job>) {
    while let Some(job) = rx.recv().await {
        if let Err(e) = tokio::time::timeout(Duration::from_secs(30), runner.run(job)).await {
            tracing::warn!(error = %e, "job timed out");
        }
    }
}
