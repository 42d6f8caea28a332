use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tracing::debug;

use crate::ingest::command::{self, Command};
use crate::ingest::sink::MetricSink;

const MAX_LINE: usize = 8 * 1024;

pub struct Connection {
    peer: String,
    sink: MetricSink,
}

impl Connection {
    pub fn new(peer: String, sink: MetricSink) -> Self {
        Self { peer, sink }
    }

    pub async fn serve(self, stream: TcpStream) -> std::io::Result<()> {
        let (read_half, mut write_half) = stream.into_split();
        let mut lines = BufReader::new(read_half).lines();

        while let Some(line) = lines.next_line().await? {
            if line.len() > MAX_LINE {
                continue;
            }
            match command::parse(line.trim_end()) {
                Ok(Command::Gauge(g)) => self.sink.gauge(g).await,
                Ok(Command::Counter(c)) => self.sink.counter(c).await,
                Err(e) => write_half.write_all(format!("ERR {e}\n").as_bytes()).await?,
            }
        }
        debug!(peer = %self.peer, "client closed the connection");
        Ok(())
    }
}
