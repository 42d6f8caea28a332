use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tracing::{debug, warn};

use crate::ingest::{Frame, IngestError};

const HEARTBEAT: Duration = Duration::from_secs(15);
const MAX_FRAME: usize = 1 << 20;

async fn read_frame<R: AsyncRead + Unpin>(reader: &mut R) -> Result<Bytes, IngestError> {
    let len = reader.read_u32().await? as usize;
    if len > MAX_FRAME {
        return Err(IngestError::FrameTooLarge(len));
    }
    let mut body = BytesMut::zeroed(len);
    reader.read_exact(&mut body).await?;
    Ok(body.freeze())
}

pub async fn serve(mut stream: TcpStream, out: mpsc::Sender<Frame>) -> Result<(), IngestError> {
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut last_seen = tokio::time::Instant::now();
    loop {
        tokio::select! {
            body = read_frame(&mut stream) => {
                last_seen = tokio::time::Instant::now();
                out.send(Frame::decode(body?)?).await.map_err(|_| IngestError::Closed)?;
            }
            _ = heartbeat.tick() => {
                if last_seen.elapsed() > HEARTBEAT * 3 {
                    warn!("telemetry client silent for 45s, closing");
                    return Ok(());
                }
                debug!("heartbeat");
            }
        }
    }
}
