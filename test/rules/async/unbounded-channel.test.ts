import rule from '../../../src/rules/async/unbounded-channel.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'a helper in a module the crate declares only under #[cfg(test)] (its file has no test markers of its own)',
      files: { 'src/lib.rs': `pub mod relay;
#[cfg(test)]
mod relay_harness;
` },
      path: 'src/relay_harness.rs',
      code: `use tokio::sync::mpsc;
pub fn capture() -> (mpsc::UnboundedSender<Event>, mpsc::UnboundedReceiver<Event>) {
    let (tx, rx) = mpsc::unbounded_channel::<Event>();
    (tx, rx)
}
`,
    },
    {
      name: 'bounded tokio channel',
      code: `use tokio::sync::mpsc;
pub fn start() -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel(256);
    tokio::spawn(run(rx));
    tx
}
`,
    },
    {
      name: 'shutdown signal channel',
      code: `use tokio::sync::mpsc;
pub fn start() {
    let (shutdown_tx, shutdown_rx) = mpsc::unbounded_channel();
    install(shutdown_tx, shutdown_rx);
}
`,
    },
    {
      name: 'unit message type',
      code: `pub fn wake() -> UnboundedSender<()> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    tokio::spawn(waker(rx));
    tx
}
`,
    },
    {
      name: 'unbounded channel in a test',
      code: `#[tokio::test]
async fn records_events() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tx.send(1).unwrap();
    assert_eq!(rx.recv().await, Some(1));
}
`,
    },
    {
      name: 'std sync_channel (bounded) and crossbeam bounded',
      code: `pub fn pipes() {
    let (a, b) = std::sync::mpsc::sync_channel::<u8>(16);
    let (c, d) = crossbeam_channel::bounded::<u8>(16);
}
`,
    },
  ],
  invalid: [
    {
      name: 'audit sink fed by handlers',
      code: `use tokio::sync::mpsc;
impl AuditSink {
    pub fn start(pool: PgPool) -> (Self, JoinHandle<()>) {
        let (tx, mut rx) = mpsc::unbounded_channel::<AuditEvent>();
        let writer = tokio::spawn(async move {
            while let Some(event) = rx.recv().await { insert(&pool, &event).await.ok(); }
        });
        (Self { tx }, writer)
    }
}
`,
      lines: [4],
      messageIncludes: 'AuditEvent',
      severity: 'warning',
    },
    {
      name: 'flume unbounded imported',
      code: `use flume::unbounded;
pub async fn handler(state: AppState) {
    let (tx, rx) = unbounded();
    state.register(tx, rx).await;
}
`,
      lines: [3],
      messageIncludes: 'flume::unbounded',
    },
    {
      name: 'sync thread feeding async code is info',
      code: `use tokio::sync::mpsc;
pub fn watch_files(path: PathBuf) -> mpsc::UnboundedReceiver<Event> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for ev in notify_iter(&path) { let _ = tx.send(ev); }
    });
    rx
}
`,
      lines: [3],
      messageIncludes: '`tx`',
      severity: 'info',
    },
  ],
});
