import rule from '../../../src/rules/tests/sleep-in-test.js';
import { describe, expect, it } from 'vitest';
import { foldSameCause } from '../../../src/report/same-cause.js';
import { runFileRule, testFileRule } from '../../helpers/rule-tester.js';

const W = 'src/jobs/thumbnailer.rs';

const TTL_TESTS = `#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn entry_expires() {
        let cache = Memory::new();
        assert!(cache.set("k", 1, Duration::from_secs(1)).await.is_ok());
        tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
        assert_eq!(cache.get("k").await.unwrap(), None);
    }
}
`;

/** Tests of one file waiting the same fixed time for a consumer to connect, and one waiting another time. */
const BROKER_TESTS = ['consumes', 'nacks_missing_app', 'retries_on_503']
  .map((name) => `#[tokio::test]\nasync fn ${name}() {\n    let consumer = tokio::spawn(run_consumer(opts()));\n    tokio::time::sleep(CONNECT_WAIT).await;\n    publish(b"{}").await;\n    assert!(received().await);\n    consumer.abort();\n}\n`)
  .join('\n')
  .concat('\n#[tokio::test]\nasync fn produces() {\n    let listener = tokio::spawn(listen());\n    tokio::time::sleep(LISTEN_WAIT).await;\n    produce(b"{}").await;\n    assert!(listener.await.unwrap());\n}\n');

testFileRule(rule, {
  valid: [
    {
      name: 'a test calling a helper that is not named for waiting (it starts a server, then sleeps) is left to the helper',
      files: {
        'tests/api/support.rs': `pub async fn boot_gateway() -> Gateway {
    let gw = Gateway::spawn().await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    gw
}
`,
      },
      path: 'tests/api/main.rs',
      code: `mod support;

#[tokio::test]
async fn answers_after_sleep() {
    let gw = support::boot_gateway().await;
    assert_eq!(gw.get("/health").await.status(), 200);
}
`,
    },
    {
      name: 'a trait helper whose impls poll in a loop, or do nothing, is no fixed wait',
      files: {
        'src/lib.rs': 'pub mod hooks;\npub mod mem;\npub mod pg;\n',
        'src/hooks.rs': `pub trait TestHooks {
    async fn settle_after_writes(&self);
}
`,
        'src/mem.rs': `use crate::hooks::TestHooks;
pub struct MemQueue;
impl TestHooks for MemQueue {
    async fn settle_after_writes(&self) {}
}
`,
        'src/pg.rs': `use crate::hooks::TestHooks;
pub struct PgQueue { replicas: u8 }
impl TestHooks for PgQueue {
    async fn settle_after_writes(&self) {
        while self.lagging().await { tokio::time::sleep(std::time::Duration::from_millis(20)).await; }
    }
}
`,
        'tests/queue/mod.rs': `macro_rules! both_backends {
    ($case:ident) => {
        paste::paste! {
            #[tokio::test]
            async fn [<$case _mem>]() { super::$case(shop::mem::MemQueue).await; }
            #[tokio::test]
            async fn [<$case _pg>]() { super::$case(shop::pg::PgQueue { replicas: 2 }).await; }
        }
    };
}
mod orders;
`,
      },
      path: 'tests/queue/orders.rs',
      code: `use shop::hooks::TestHooks;
pub async fn order_is_listed_after_submit(queue: impl Orders + TestHooks) {
    queue.submit(Order::new("o-1")).await.unwrap();
    queue.settle_after_writes().await;
    assert_eq!(queue.list().await.unwrap().len(), 1);
}
both_backends!(order_is_listed_after_submit);
`,
    },
    {
      name: 'a blocking sleep in a sync test helper, or in an async one of production code, is not this rule\'s',
      path: 'tests/support/mod.rs',
      code: `pub fn settle_disk() {
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(20));
    }
}
`,
    },
    {
      name: 'an async retry helper of test code that waits with tokio\'s sleep in its loop',
      path: 'tests/support/retry.rs',
      code: `pub async fn until_ok<F, Fut>(mut attempt: F) -> Result<(), Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), Error>>,
{
    for _ in 0..10 {
        if attempt().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Err(Error::GaveUp)
}
`,
    },
    {
      name: 'a plain fn of a test file that no macro registers (a helper for something else) is not a test',
      files: {
        'tests/ledger/mod.rs': `macro_rules! per_backend {
    ($case:ident) => {
        #[tokio::test]
        async fn $case() { super::$case(Ledger::memory()).await; }
    };
}
mod balances;
`,
      },
      path: 'tests/ledger/balances.rs',
      code: `pub async fn seed_slowly(ledger: Ledger) {
    ledger.credit("a", 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
}
`,
    },
    {
      name: 'a spawned fake server that sleeps to be slow (no assertion after it)',
      path: 'tests/client_timeouts.rs',
      code: `#[test]
fn client_gives_up_on_a_slow_peer() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (_sock, _) = listener.accept().unwrap();
        std::thread::sleep(Duration::from_secs(5));
    });
    assert!(Client::new(addr).with_timeout(Duration::from_millis(50)).ping().is_err());
}
`,
    },
    {
      name: 'sleeps the delay it configured the code under test with (an idle period, a TTL)',
      path: W,
      code: `#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn expires_after_ttl() {
        let ttl = Duration::from_millis(200);
        let cache = Cache::new(Settings { ttl, capacity: 8 });
        cache.put("k", 1);
        tokio::time::sleep(ttl + Duration::from_millis(50)).await;
        assert_eq!(cache.get("k"), None);
    }

    #[tokio::test]
    async fn waits_out_the_delay() {
        let delay = Duration::from_millis(100);
        let (tx, rx) = delayed_pair(&cfg(), delay).await;
        tx.send(1).await;
        tokio::time::sleep(delay).await;
        assert_eq!(rx.try_recv(), Some(1));
    }
}
`,
    },
    {
      name: 'sleeps so that the file written next has a newer mtime',
      path: 'tests/reload.rs',
      code: `use std::fs;

#[tokio::test]
async fn reloads_a_newer_file() {
    let watcher = Watcher::start(PATH);
    tokio::time::sleep(Duration::from_millis(50)).await;
    fs::write(PATH, "v2").unwrap();
    assert!(watcher.changed().await);
}
`,
    },
    {
      name: 'paused time',
      path: W,
      code: `#[cfg(test)]
mod tests {
    #[tokio::test(start_paused = true)]
    async fn retries_after_backoff() {
        let job = spawn_retrying(flaky());
        tokio::time::sleep(Duration::from_secs(30)).await;
        assert_eq!(job.attempts(), 3);
    }
}
`,
    },
    {
      name: 'tokio::time::pause + sleep',
      path: W,
      code: `use tokio::time::{self, sleep, Duration};

#[tokio::test]
async fn token_expires() {
    time::pause();
    let token = issue(Duration::from_secs(60));
    sleep(Duration::from_secs(61)).await;
    assert!(token.is_expired());
}
`,
    },
    {
      name: 'polling loop with a deadline',
      path: W,
      code: `#[tokio::test]
async fn worker_drains() {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !queue.is_empty() {
        assert!(Instant::now() < deadline, "queue not drained");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
`,
    },
    {
      name: 'sleep simulating slow work in a spawned task',
      path: W,
      code: `#[tokio::test]
async fn times_out_slow_upstream() {
    let slow = async {
        tokio::time::sleep(Duration::from_secs(10)).await;
        Ok::<_, Error>(())
    };
    assert!(tokio::time::timeout(Duration::from_millis(10), slow).await.is_err());
}
`,
    },
    { name: 'sleep in production code', path: W, code: `pub async fn backoff(attempt: u32) {
    tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
}
` },
    { name: 'sleep in a mock helper, not a test fn', path: W, code: `#[cfg(test)]
mod tests {
    struct SlowStore;
    impl SlowStore {
        async fn get(&self) -> Vec<u8> {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Vec::new()
        }
    }
}
` },
    { name: 'a slow fake upstream for a timeout test', path: 'tests/timeouts.rs', code: `async fn slow_upstream() -> &'static str {
    tokio::time::sleep(Duration::from_secs(5)).await;
    "late"
}
` },
    { name: 'a local fn named sleep', path: W, code: `#[test]
fn sleep_mode() {
    let d = Device::new();
    d.sleep(Duration::from_secs(1));
    assert!(d.is_asleep());
}
` },
  ],
  invalid: [
    {
      name: 'a macro-registered test waits with a trait helper whose impl for one backend sleeps',
      files: {
        'src/lib.rs': 'pub mod hooks;\npub mod mem;\npub mod pg;\n',
        'src/hooks.rs': `pub trait TestHooks {
    async fn settle_after_writes(&self);
}
`,
        'src/mem.rs': `use crate::hooks::TestHooks;
pub struct MemQueue;
impl TestHooks for MemQueue {
    async fn settle_after_writes(&self) {}
}
`,
        'src/pg.rs': `use crate::hooks::TestHooks;
pub struct PgQueue { replicas: u8 }
impl TestHooks for PgQueue {
    async fn settle_after_writes(&self) {
        tokio::time::sleep(std::time::Duration::from_millis(300 * self.replicas as u64)).await;
    }
}
`,
        'tests/queue/mod.rs': `macro_rules! both_backends {
    ($case:ident) => {
        paste::paste! {
            #[tokio::test]
            async fn [<$case _mem>]() { super::$case(shop::mem::MemQueue).await; }
            #[tokio::test]
            async fn [<$case _pg>]() { super::$case(shop::pg::PgQueue { replicas: 2 }).await; }
        }
    };
}
mod orders;
`,
      },
      path: 'tests/queue/orders.rs',
      code: `use shop::hooks::TestHooks;
pub async fn order_is_listed_after_submit(queue: impl Orders + TestHooks) {
    queue.submit(Order::new("o-1")).await.unwrap();
    queue.settle_after_writes().await;
    assert_eq!(queue.list().await.unwrap().len(), 1);
}
both_backends!(order_is_listed_after_submit);
`,
      lines: [4],
      messageId: 'viaHelper',
      messageIncludes: 'which sleeps a fixed time (`tokio::time::sleep`, src/pg.rs:5)',
    },
    {
      name: 'an async retry helper of test code that blocks its runtime with std::thread::sleep between attempts',
      path: 'tests/support/retry.rs',
      code: `pub async fn until_ok<F, Fut>(mut attempt: F) -> Result<(), Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), Error>>,
{
    for _ in 0..10 {
        if attempt().await.is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Err(Error::GaveUp)
}
`,
      lines: [10],
      messageIncludes: 'blocks the test runtime',
      messageId: 'blocking',
    },
    {
      name: 'a test body registered by a project macro (no attribute on it) that sleeps for the refill',
      files: {
        'tests/ledger/mod.rs': `macro_rules! per_backend {
    ($case:ident) => {
        #[tokio::test]
        async fn $case() { super::$case(Ledger::memory()).await; }
    };
}
mod balances;
`,
        messageId: 'waitsOutside',
    },
      path: 'tests/ledger/balances.rs',
      code: `pub async fn refills_after_a_second(ledger: Ledger) {
    ledger.take("a", 10).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(ledger.balance("a").await.unwrap(), 5);
}
per_backend!(refills_after_a_second);
`,
      lines: [3],
      messageIncludes: 'test `refills_after_a_second` sleeps',
    },
    {
      name: 'a blocking thread::sleep of the configured window in an async test lets the window pass: a note (nothing it started needs the runtime)',
      path: 'tests/limits.rs',
      code: `use std::{thread, time::Duration};

#[tokio::test]
async fn allows_a_new_request_after_the_window() {
    let window = Duration::from_millis(300);
    let app = TestApp::with_limit(window).await;
    app.publish("a").await.assert_ok();
    thread::sleep(window);
    app.publish("b").await.assert_ok();
}
`,
      lines: [8],
      messageId: 'timePasses',
    },
    {
      name: 'threads the test spawns ordered by sleeping before they assert',
      path: 'src/registry.rs',
      code: `#[cfg(test)]
mod tests {
    #[test]
    fn second_claim_loses() {
        let reg = Registry::shared();
        let first = std::thread::spawn({
            let reg = reg.clone();
            move || {
                assert!(reg.claim("slot-a"));
                std::thread::sleep(Duration::from_millis(30));
                assert!(reg.holds("slot-a"));
            }
        });
        let second = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(10));
            assert!(!reg.claim("slot-a"));
        });
        first.join().unwrap();
        second.join().unwrap();
    }
}
`,
      lines: [10, 15],
      messageIncludes: 'second_claim_loses',
      messageId: 'threads',
    },
    {
      name: 'the same wait constant in every sleep, for a consumer the test starts and aborts: it waits for the service to connect and to consume, a note',
      path: 'tests/consumer.rs',
      code: `const WAIT_MS: u64 = 500;

#[tokio::test]
async fn consumes() {
    let handle = tokio::spawn(consume(queue()));
    tokio::time::sleep(Duration::from_millis(WAIT_MS)).await;
    publish(b"x").await;
    tokio::time::sleep(Duration::from_millis(WAIT_MS)).await;
    let seen = std::fs::read_to_string(OUT).unwrap();
    assert_eq!(seen, "x");
    handle.abort();
}
`,
      lines: [6, 8],
      messageId: 'waitsForService',
    },
    {
      name: 'sleeps past the configured idle period, then drains: waits for the queue to settle',
      path: 'src/queue/redis.rs',
      code: `#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn redelivers_after_idle_period() {
        let (p, mut c) = new_pair(&cfg(), Duration::from_millis(100)).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        drain(&mut c).await;
        p.send(&task()).await.unwrap();
        assert_eq!(c.receive().await.unwrap().task, task());
    }
}
`,
      lines: [6],
      messageId: 'timePasses',
    },
    {
      name: 'sleeping past a literal TTL is still wall-clock time the test waits (an injectable clock or paused time is the fix)',
      path: 'src/cache/memory.rs',
      code: TTL_TESTS,
      lines: [7],
      messageId: 'timePasses',
    },
    {
      name: 'tokio sleep waiting for a worker',
      path: W,
      code: `#[cfg(test)]
mod tests {
    #[sqlx::test(fixtures("images"))]
    async fn writes_thumbnail_and_records_key(pool: PgPool) {
        let (tx, rx) = mpsc::channel(8);
        let _worker = Thumbnailer::spawn(pool.clone(), rx);
        tx.send(IMAGE_ID).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(done(&pool).await);
    }
}
`,
      lines: [8],
      messageIncludes: '`writes_thumbnail_and_records_key` sleeps `Duration::from_millis(500)`',
      messageId: 'sleep',
    },
    {
      name: 'imported thread::sleep in a sync test',
      path: 'tests/server.rs',
      code: `use std::thread;
use std::time::Duration;

#[test]
fn serves_health() {
    let _server = thread::spawn(|| run_server("127.0.0.1:8099"));
    thread::sleep(Duration::from_secs(1));
    assert_eq!(get("http://127.0.0.1:8099/health").status(), 200);
}
`,
      lines: [7],
      messageIncludes: 'std::thread::sleep',
      messageId: 'sleep',
    },
    {
      name: 'aliased tokio sleep in multi_thread test',
      path: 'tests/events.rs',
      code: `use tokio::time::sleep as wait;

#[tokio::test(flavor = "multi_thread")]
async fn publishes_event() {
    let bus = Bus::start();
    bus.publish(Event::Created).await;
    wait(Duration::from_millis(200)).await;
    assert_eq!(bus.delivered(), 1);
}
`,
      lines: [7],
      messageIncludes: '`publishes_event`',
    },
    {
      name: 'a wait helper in the test module',
      path: W,
      code: `#[cfg(test)]
mod tests {
    async fn wait_for_worker() {
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}
`,
      lines: [4],
      messageIncludes: 'test helper `wait_for_worker` sleeps',
      messageId: 'helper',
    },
  ],
});

describe('tests/sleep-in-test: one comment per repeated wait', () => {
  it('folds the tests of a file sleeping the same fixed time into one comment listing the places, and keeps another wait apart', async () => {
    const out = await runFileRule(rule, { path: 'tests/it/broker.rs', code: BROKER_TESTS });
    expect(out.findings.map((f) => f.line)).toEqual([4, 13, 22, 31]);
    const folded = foldSameCause(out.findings);
    expect(folded.map((f) => [f.finding.line, f.sameCause.map((p) => p.line)])).toEqual([
      [4, [13, 22]],
      [31, []],
    ]);
  });
});

/** A sleep that orders a file write (mtime) after statements that call nothing. */
testFileRule(rule, {
  valid: [
    {
      name: 'a value bound first, then a sleep so the file written after it has a newer mtime',
      path: 'tests/reload.rs',
      code: `use std::fs;

#[tokio::test]
async fn keeps_the_newer_file() {
    let watcher = Watcher::start(PATH);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let newer = "v2";
    fs::write(PATH, newer).unwrap();
    assert!(watcher.changed().await);
}
`,
    },
  ],
  invalid: [
    {
      name: 'a sleep followed by a request, not a file write',
      path: 'tests/reload.rs',
      code: `#[tokio::test]
async fn reloads() {
    let watcher = Watcher::start(PATH);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let body = "v2";
    client().post("/reload").body(body).send().await.unwrap();
    assert!(watcher.changed().await);
}
`,
      lines: [4],
      messageId: 'waitsOutside',
    },
  ],
});

/** What the sleep waits for sets what it costs: work the test started here (a defect), or time / the outside (a note). */
testFileRule(rule, {
  valid: [
    {
      name: 'a sleep so that the clock read next is strictly later than the record written before',
      path: 'tests/audit.rs',
      code: `#[tokio::test]
async fn lists_only_newer_entries() {
    let log = AuditLog::open_temp().await;
    log.append("a").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let cutoff = chrono::Utc::now();
    log.append("b").await;
    assert_eq!(log.since(cutoff).await.len(), 1);
}
`,
    },
  ],
  invalid: [
    {
      name: 'a crate fn of another file that spawns the worker: the sleep waits for work the test started',
      manifests: { 'Cargo.toml': `[package]
name = "app"
` },
      files: { 'src/lib.rs': 'pub mod indexer;\n', 'src/indexer.rs': `pub struct Indexer;
impl Indexer {
    pub fn launch(rx: Receiver<Doc>) -> JoinHandle<()> {
        tokio::spawn(async move { while let Some(d) = rx.recv().await { index(d).await; } })
    }
}
` },
      path: 'tests/indexing.rs',
      code: `use app::indexer::Indexer;

#[tokio::test]
async fn indexes_submitted_docs() {
    let (tx, rx) = mpsc::channel(4);
    let _task = Indexer::launch(rx);
    tx.send(doc("a")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(search("a").await.is_some());
}
`,
      lines: [8],
      messageId: 'sleep',
      messageIncludes: 'to wait for `Indexer::launch(..)` (line 6)',
    },
    {
      name: 'a timeout around a later await bounds the test, it is not a period of the code under test',
      path: 'tests/mailer.rs',
      code: `#[tokio::test]
async fn sends_queued_mail() {
    let outbox = Outbox::default();
    let worker = tokio::spawn(deliver_all(outbox.clone()));
    outbox.push(mail()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(outbox.sent().await, 1);
    tokio::time::timeout(Duration::from_secs(5), worker).await.unwrap().unwrap();
}
`,
      lines: [6],
      messageId: 'sleep',
    },
    {
      name: 'a blocking sleep in an async test while a task it spawned needs the runtime',
      path: 'tests/flush.rs',
      code: `#[tokio::test]
async fn flushes_in_background() {
    let sink = Sink::memory();
    tokio::spawn(flush_loop(sink.clone()));
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(sink.flushed());
}
`,
      lines: [5],
      messageId: 'blockingTest',
    },
    {
      name: 'a grace period set on the config makes the test about time passing: a note',
      path: 'tests/disable.rs',
      code: `#[tokio::test]
async fn disables_after_grace() {
    let mut cfg = Config::default();
    cfg.disable_after = Duration::from_secs(1);
    let app = spawn_app(&cfg).await;
    app.fail_once().await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    app.fail_once().await;
    assert!(app.disabled().await);
}
`,
      lines: [7],
      messageId: 'timePasses',
    },
    {
      name: 'a retry interval stated in an assertion makes the test about time passing: a note',
      path: 'src/retry.rs',
      code: `#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn backs_off() {
        let q = Queue::memory();
        q.fail(1).await;
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        q.fail(1).await;
        assert_eq!(q.next_at(1).await, q.last_at(1).await + TimeDelta::minutes(5));
    }
}
`,
      lines: [7],
      messageId: 'timePasses',
    },
    {
      name: 'a consumer loop the test starts and later aborts: the sleep waits for it to connect, a note',
      path: 'tests/it/consumer.rs',
      code: `#[tokio::test]
async fn forwards_messages() {
    let plugin = plugin_for(broker_url());
    let handle = tokio::spawn(async move { plugin.run().await });
    tokio::time::sleep(Duration::from_millis(WAIT_MS)).await;
    publish_to_broker(b"{}").await;
    handle.abort();
}
`,
      lines: [5],
      messageId: 'waitsForService',
    },
    {
      name: 'a blocking sleep straight in an async test whose attribute is a project macro, nothing started: a note',
      path: 'tests/sessions.rs',
      code: `#[pg_case]
async fn expires_sessions(db: &Db) {
    db.add_session("t").await.unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    purge(db, std::time::Duration::from_secs(1)).await.unwrap();
    assert!(db.session("t").await.is_err());
}
`,
      lines: [4],
      messageId: 'timePasses',
    },
  ],
});
