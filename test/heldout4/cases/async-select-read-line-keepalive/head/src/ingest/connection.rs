use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::{interval, MissedTickBehavior};
use tracing::{debug, warn};

use crate::ingest::command::{self, Command};
use crate::ingest::sink::MetricSink;

const MAX_LINE: usize = 8 * 1024;
const KEEPALIVE: Duration = Duration::from_secs(15);

pub struct Connection {
    peer: String,
    sink: MetricSink,
}

impl Connection {
    pub fn new(peer: String, sink: MetricSink) -> Self {
        Self { peer, sink }
    }

    /// Serves one agent connection until it hangs up or the server shuts down.
    /// Idle agents get a `PING` every 15 s so NAT gateways keep the flow open.
    pub async fn serve(self, stream: TcpStream, mut shutdown: watch::Receiver<bool>) -> std::io::Result<()> {
        let (read_half, mut write_half) = stream.into_split();
        let mut reader = BufReader::new(read_half);
        let mut line = String::with_capacity(256);
        let mut keepalive = interval(KEEPALIVE);
        keepalive.set_missed_tick_behavior(MissedTickBehavior::Delay);

        loop {
            line.clear();
            tokio::select! {
                read = reader.read_line(&mut line) => {
                    if read? == 0 {
                        debug!(peer = %self.peer, "client closed the connection");
                        break;
                    }
                    if line.len() > MAX_LINE {
                        warn!(peer = %self.peer, len = line.len(), "line too long, dropped");
                        continue;
                    }
                    match command::parse(line.trim_end()) {
                        Ok(Command::Gauge(g)) => self.sink.gauge(g).await,
                        Ok(Command::Counter(c)) => self.sink.counter(c).await,
                        Err(e) => write_half.write_all(format!("ERR {e}\n").as_bytes()).await?,
                    }
                }
                _ = keepalive.tick() => {
                    write_half.write_all(b"PING\n").await?;
                }
                _ = shutdown.changed() => {
                    write_half.write_all(b"BYE\n").await?;
                    break;
                }
            }
        }
        Ok(())
    }
}
