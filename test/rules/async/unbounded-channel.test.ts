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
      name: 'shutdown signal channel whose sender is bound `mut` (the name, not the `mut`, says what it carries)',
      code: `use tokio::sync::mpsc;
pub fn start() {
    let (mut cancel_tx, cancel_rx) = mpsc::unbounded_channel();
    install(&mut cancel_tx, cancel_rx);
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

/** A command-line tool (one person's command) against the same queue in a service. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'a command-line tool (it prompts its user) forwarding events to a local port: a note, not a warning',
      manifests: { 'tunnelctl/Cargo.toml': `[package]
name = "tunnelctl"
[dependencies]
clap = "4"
dialoguer = "0.11"
tokio = "1"
` },
      files: { 'tunnelctl/src/main.rs': `mod forward;
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let port: u16 = std::env::args().nth(1).unwrap().parse()?;
    forward::run(port).await
}
` },
      path: 'tunnelctl/src/forward.rs',
      code: `use tokio::sync::mpsc;
pub async fn run(port: u16) -> anyhow::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Frame>();
    let socket = open_socket().await?;
    while let Some(frame) = socket.next_frame().await {
        tx.send(frame)?;
        if let Some(f) = rx.recv().await { post_local(port, f).await?; }
    }
    Ok(())
}
`,
      lines: [3],
      severity: 'info',
      messageIncludes: 'command-line tool',
    },
    {
      name: 'the same queue in a service (it serves requests): a warning',
      manifests: { 'tunneld/Cargo.toml': `[package]
name = "tunneld"
[dependencies]
axum = "0.7"
tokio = "1"
` },
      files: { 'tunneld/src/main.rs': `mod forward;
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = axum::Router::new().route("/frames", axum::routing::post(forward::accept));
    serve(app).await
}
` },
      path: 'tunneld/src/forward.rs',
      code: `use tokio::sync::mpsc;
pub async fn accept(State(state): State<AppState>, Json(frame): Json<Frame>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Frame>();
    state.pending.lock().await.push(rx);
    tx.send(frame).ok();
}
`,
      lines: [3],
      severity: 'warning',
    },
  ],
});
