import rule from '../../../src/rules/async/future-not-awaited.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const MAILER = `
async fn send_receipt(state: &AppState, id: Uuid) -> Result<(), MailError> {
    state.mailer.send(id).await
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'awaited call',
      code: `${MAILER}
pub async fn pay(state: AppState, id: Uuid) {
    let _ = send_receipt(&state, id).await;
}
`,
    },
    {
      name: 'future stored and joined later',
      code: `${MAILER}
pub async fn pay_all(state: AppState, ids: Vec<Uuid>) {
    let futs: Vec<_> = ids.into_iter().map(|id| send_receipt(&state, id)).collect();
    futures::future::join_all(futs).await;
}
`,
    },
    {
      name: 'future passed to tokio::spawn',
      code: `async fn warm(state: AppState) -> () { state.cache.fill().await }
pub async fn start(state: AppState) {
    let handle = tokio::spawn(warm(state));
    handle.await.unwrap();
}
`,
    },
    {
      name: 'same name as a sync fn elsewhere in the file',
      code: `mod sync_api { pub fn flush() {} }
async fn flush() {}
fn run() { flush(); }
`,
    },
    {
      name: 'a sync unbounded send with let _',
      code: `pub fn record(&self, e: Event) { let _ = self.tx.send(e); }
`,
    },
    {
      name: 'std::thread::sleep statement (not a future)',
      code: `fn backoff() { std::thread::sleep(Duration::from_millis(5)); }
`,
    },
  ],
  invalid: [
    {
      name: 'let _ = async fn call',
      code: `${MAILER}
pub async fn pay(state: AppState, id: Uuid) -> StatusCode {
    let _ = send_receipt(&state, id);
    StatusCode::OK
}
`,
      lines: [7],
      messageIncludes: 'send_receipt',
    },
    {
      name: 'bare statement calling an async method on self',
      code: `impl Cache {
    async fn refresh(&self) { self.load().await; }
    pub async fn invalidate(&self) {
        self.clear();
        self.refresh();
    }
}
`,
      lines: [5],
      messageIncludes: 'self.refresh',
    },
    {
      name: 'tokio::time::sleep without await',
      code: `use tokio::time::sleep;
pub async fn backoff(attempt: u32) {
    sleep(Duration::from_millis(100 * attempt as u64));
}
`,
      lines: [3],
      messageIncludes: 'tokio::time::sleep',
    },
    {
      name: 'sqlx execute without await',
      code: `pub async fn touch(pool: &PgPool, id: Uuid) {
    sqlx::query("UPDATE sessions SET seen_at = now() WHERE id = $1").bind(id).execute(pool);
}
`,
      lines: [2],
      messageIncludes: 'execute',
    },
    {
      name: 'async block yielding an unawaited future',
      code: `${MAILER}
pub fn later(state: AppState, id: Uuid) {
    tokio::spawn(async move { send_receipt(&state, id) });
}
`,
      lines: [7],
      messageIncludes: 'returns the future',
    },
  ],
});
