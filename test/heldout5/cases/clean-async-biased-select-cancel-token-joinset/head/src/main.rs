use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

mod jobs;
mod supervisor;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runner = jobs::JobRunner::from_env().await?;
    let (tx, rx) = mpsc::channel(1024);
    let token = CancellationToken::new();
    let sup = supervisor::start(runner, rx, token.clone());

    let shutdown = token.clone();
    tokio::spawn(async move {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for ctrl-c");
        }
        shutdown.cancel();
    });

    tokio::select! {
        res = jobs::poll_queue(tx) => res?,
        _ = token.cancelled() => {}
    }
    token.cancel();
    sup.await?;
    Ok(())
}
