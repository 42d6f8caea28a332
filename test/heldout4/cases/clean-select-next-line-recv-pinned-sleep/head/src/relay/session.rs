use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::{sleep, Instant};
use tokio_util::sync::CancellationToken;
use tracing::info;

use crate::relay::{Inbound, Outbound, RelayError};

const IDLE_LIMIT: Duration = Duration::from_secs(300);

/// One operator console attached to the dispatch relay.
///
/// Sessions now end on server shutdown and after five idle minutes; every
/// line from the console pushes the idle deadline back.
pub async fn run_session(
    stream: TcpStream,
    inbound: mpsc::Sender<Inbound>,
    mut outbound: mpsc::Receiver<Outbound>,
    shutdown: CancellationToken,
) -> Result<(), RelayError> {
    let (read_half, mut write_half) = stream.into_split();
    let mut lines = BufReader::new(read_half).lines();

    let idle = sleep(IDLE_LIMIT);
    tokio::pin!(idle);

    loop {
        tokio::select! {
            biased;

            () = shutdown.cancelled() => {
                write_half.write_all(b"# relay shutting down\n").await?;
                break;
            }
            () = &mut idle => {
                info!("operator session idle, closing");
                break;
            }
            line = lines.next_line() => {
                let Some(line) = line? else { break };
                idle.as_mut().reset(Instant::now() + IDLE_LIMIT);
                inbound.send(Inbound::parse(&line)?).await?;
            }
            Some(msg) = outbound.recv() => {
                write_half.write_all(msg.encode().as_bytes()).await?;
            }
        }
    }
    Ok(())
}
