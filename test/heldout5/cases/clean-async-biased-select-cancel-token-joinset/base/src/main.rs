use tokio::sync::mpsc;

mod jobs;
mod supervisor;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runner = jobs::JobRunner::from_env().await?;
    let (tx, rx) = mpsc::channel(1024);
    let sup = tokio::spawn(supervisor::supervise(runner, rx));
    jobs::poll_queue(tx).await?;
    sup.await?;
    Ok(())
}
