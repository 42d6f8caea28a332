use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::{interval, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

use crate::jobs::{Job, JobError, JobRunner};

const MAX_IN_FLIGHT: usize = 16;

pub fn start(runner: JobRunner, rx: mpsc::Receiver<Job>, token: CancellationToken) -> tokio::task::JoinHandle<()> {
    tokio::spawn(supervise(runner, rx, token))
}

async fn supervise(runner: JobRunner, mut rx: mpsc::Receiver<Job>, token: CancellationToken) {
    let mut running: JoinSet<Result<(), JobError>> = JoinSet::new();
    let mut heartbeat = interval(Duration::from_secs(15));
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);

    loop {
        tokio::select! {
            biased;

            _ = token.cancelled() => break,
            Some(done) = running.join_next(), if !running.is_empty() => {
                match done {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::warn!(error = %e, "job failed"),
                    Err(e) => tracing::error!(error = %e, "job panicked"),
                }
            }
            maybe_job = rx.recv(), if running.len() < MAX_IN_FLIGHT => {
                let Some(job) = maybe_job else { break };
                let runner = runner.clone();
                running.spawn(async move {
                    tokio::time::timeout(Duration::from_secs(30), runner.run(job))
                        .await
                        .map_err(|_| JobError::TimedOut)?
                });
            }
            _ = heartbeat.tick() => {
                tracing::debug!(in_flight = running.len(), "supervisor alive");
            }
        }
    }

    // Drain: give the jobs already started a bounded time to finish.
    let drain = async {
        while let Some(done) = running.join_next().await {
            if let Ok(Err(e)) = done {
                tracing::warn!(error = %e, "job failed during shutdown");
            }
        }
    };
    if tokio::time::timeout(Duration::from_secs(20), drain).await.is_err() {
        tracing::warn!(left = running.len(), "aborting jobs still running after 20s");
        running.shutdown().await;
    }
}
