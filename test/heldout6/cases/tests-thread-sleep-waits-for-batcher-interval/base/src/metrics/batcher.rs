use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub value: u64,
}

impl Event {
    pub fn counter(name: &'static str, value: u64) -> Self {
        Self { name, value }
    }
}

pub trait Sink: Send + 'static {
    fn write_batch(&self, batch: &[Event]);
}

/// Collects metric events on the request path and hands them to a sink in
/// batches from a dedicated thread.
pub struct Batcher {
    tx: Option<SyncSender<Event>>,
    worker: Option<JoinHandle<()>>,
}

impl Batcher {
    pub fn spawn<S: Sink>(sink: S, max_batch: usize, interval: Duration) -> Self {
        let (tx, rx) = mpsc::sync_channel::<Event>(4096);
        let worker = thread::Builder::new()
            .name("metrics-batcher".into())
            .spawn(move || {
                let mut buf = Vec::with_capacity(max_batch);
                loop {
                    match rx.recv_timeout(interval) {
                        Ok(event) => {
                            buf.push(event);
                            if buf.len() >= max_batch {
                                sink.write_batch(&buf);
                                buf.clear();
                            }
                        }
                        Err(RecvTimeoutError::Timeout) => {
                            if !buf.is_empty() {
                                sink.write_batch(&buf);
                                buf.clear();
                            }
                        }
                        Err(RecvTimeoutError::Disconnected) => {
                            if !buf.is_empty() {
                                sink.write_batch(&buf);
                            }
                            return;
                        }
                    }
                }
            })
            .expect("spawn metrics-batcher thread");
        Self {
            tx: Some(tx),
            worker: Some(worker),
        }
    }

    pub fn record(&self, event: Event) {
        if let Some(tx) = &self.tx {
            // Dropping metrics under pressure is preferable to blocking a request.
            let _ = tx.try_send(event);
        }
    }
}

impl Drop for Batcher {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
