use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use crate::relay::{Inbound, Outbound, RelayError};

/// One operator console attached to the dispatch relay.
pub async fn run_session(
    stream: TcpStream,
    inbound: mpsc::Sender<Inbound>,
    mut outbound: mpsc::Receiver<Outbound>,
) -> Result<(), RelayError> {
    let (read_half, mut write_half) = stream.into_split();
    let mut lines = BufReader::new(read_half).lines();

    loop {
        tokio::select! {
            line = lines.next_line() => {
                let Some(line) = line? else { break };
                inbound.send(Inbound::parse(&line)?).await?;
            }
            Some(msg) = outbound.recv() => {
                write_half.write_all(msg.encode().as_bytes()).await?;
            }
        }
    }
    Ok(())
}
