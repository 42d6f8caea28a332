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
      code: '#[cfg(test)]\nmod tests {\n    #[tokio::test]\n    async fn expires_after_ttl() {\n        let ttl = Duration::from_millis(200);\n        let cache = Cache::new(Settings { ttl, capacity: 8 });\n        cache.put("k", 1);\n        tokio::time::sleep(ttl + Duration::from_millis(50)).await;\n        assert_eq!(cache.get("k"), None);\n    }\n\n    #[tokio::test]\n    async fn waits_out_the_delay() {\n        let delay = Duration::from_millis(100);\n        let (tx, rx) = delayed_pair(&cfg(), delay).await;\n        tx.send(1).await;\n        tokio::time::sleep(delay).await;\n        assert_eq!(rx.try_recv(), Some(1));\n    }\n}\n',
    },
    {
      name: 'sleeps so that the file written next has a newer mtime',
      path: 'tests/reload.rs',
      code: 'use std::fs;\n\n#[tokio::test]\nasync fn reloads_a_newer_file() {\n    let watcher = Watcher::start(PATH);\n    tokio::time::sleep(Duration::from_millis(50)).await;\n    fs::write(PATH, "v2").unwrap();\n    assert!(watcher.changed().await);\n}\n',
    },
    {
      name: 'paused time',
      path: W,
      code: '#[cfg(test)]\nmod tests {\n    #[tokio::test(start_paused = true)]\n    async fn retries_after_backoff() {\n        let job = spawn_retrying(flaky());\n        tokio::time::sleep(Duration::from_secs(30)).await;\n        assert_eq!(job.attempts(), 3);\n    }\n}\n',
    },
    {
      name: 'tokio::time::pause + sleep',
      path: W,
      code: 'use tokio::time::{self, sleep, Duration};\n\n#[tokio::test]\nasync fn token_expires() {\n    time::pause();\n    let token = issue(Duration::from_secs(60));\n    sleep(Duration::from_secs(61)).await;\n    assert!(token.is_expired());\n}\n',
    },
    {
      name: 'polling loop with a deadline',
      path: W,
      code: '#[tokio::test]\nasync fn worker_drains() {\n    let deadline = Instant::now() + Duration::from_secs(5);\n    while !queue.is_empty() {\n        assert!(Instant::now() < deadline, "queue not drained");\n        tokio::time::sleep(Duration::from_millis(10)).await;\n    }\n}\n',
    },
    {
      name: 'sleep simulating slow work in a spawned task',
      path: W,
      code: '#[tokio::test]\nasync fn times_out_slow_upstream() {\n    let slow = async {\n        tokio::time::sleep(Duration::from_secs(10)).await;\n        Ok::<_, Error>(())\n    };\n    assert!(tokio::time::timeout(Duration::from_millis(10), slow).await.is_err());\n}\n',
    },
    { name: 'sleep in production code', path: W, code: 'pub async fn backoff(attempt: u32) {\n    tokio::time::sleep(Duration::from_millis(100 << attempt)).await;\n}\n' },
    { name: 'sleep in a mock helper, not a test fn', path: W, code: '#[cfg(test)]\nmod tests {\n    struct SlowStore;\n    impl SlowStore {\n        async fn get(&self) -> Vec<u8> {\n            tokio::time::sleep(Duration::from_millis(50)).await;\n            Vec::new()\n        }\n    }\n}\n' },
    { name: 'a slow fake upstream for a timeout test', path: 'tests/timeouts.rs', code: 'async fn slow_upstream() -> &\'static str {\n    tokio::time::sleep(Duration::from_secs(5)).await;\n    "late"\n}\n' },
    { name: 'a local fn named sleep', path: W, code: '#[test]\nfn sleep_mode() {\n    let d = Device::new();\n    d.sleep(Duration::from_secs(1));\n    assert!(d.is_asleep());\n}\n' },
  ],
  invalid: [
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
      code: 'const WAIT_MS: u64 = 500;\n\n#[tokio::test]\nasync fn consumes() {\n    let handle = tokio::spawn(consume(queue()));\n    tokio::time::sleep(Duration::from_millis(WAIT_MS)).await;\n    publish(b"x").await;\n    tokio::time::sleep(Duration::from_millis(WAIT_MS)).await;\n    let seen = std::fs::read_to_string(OUT).unwrap();\n    assert_eq!(seen, "x");\n    handle.abort();\n}\n',
      lines: [6, 8],
      messageId: 'waitsForService',
    },
    {
      name: 'sleeps past the configured idle period, then drains: waits for the queue to settle',
      path: 'src/queue/redis.rs',
      code: '#[cfg(test)]\nmod tests {\n    #[tokio::test]\n    async fn redelivers_after_idle_period() {\n        let (p, mut c) = new_pair(&cfg(), Duration::from_millis(100)).await;\n        tokio::time::sleep(Duration::from_millis(150)).await;\n        drain(&mut c).await;\n        p.send(&task()).await.unwrap();\n        assert_eq!(c.receive().await.unwrap().task, task());\n    }\n}\n',
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
      code: '#[cfg(test)]\nmod tests {\n    #[sqlx::test(fixtures("images"))]\n    async fn writes_thumbnail_and_records_key(pool: PgPool) {\n        let (tx, rx) = mpsc::channel(8);\n        let _worker = Thumbnailer::spawn(pool.clone(), rx);\n        tx.send(IMAGE_ID).await.unwrap();\n        tokio::time::sleep(Duration::from_millis(500)).await;\n        assert!(done(&pool).await);\n    }\n}\n',
      lines: [8],
      messageIncludes: '`writes_thumbnail_and_records_key` sleeps `Duration::from_millis(500)`',
      messageId: 'sleep',
    },
    {
      name: 'imported thread::sleep in a sync test',
      path: 'tests/server.rs',
      code: 'use std::thread;\nuse std::time::Duration;\n\n#[test]\nfn serves_health() {\n    let _server = thread::spawn(|| run_server("127.0.0.1:8099"));\n    thread::sleep(Duration::from_secs(1));\n    assert_eq!(get("http://127.0.0.1:8099/health").status(), 200);\n}\n',
      lines: [7],
      messageIncludes: 'std::thread::sleep',
      messageId: 'sleep',
    },
    {
      name: 'aliased tokio sleep in multi_thread test',
      path: 'tests/events.rs',
      code: 'use tokio::time::sleep as wait;\n\n#[tokio::test(flavor = "multi_thread")]\nasync fn publishes_event() {\n    let bus = Bus::start();\n    bus.publish(Event::Created).await;\n    wait(Duration::from_millis(200)).await;\n    assert_eq!(bus.delivered(), 1);\n}\n',
      lines: [7],
      messageIncludes: '`publishes_event`',
    },
    {
      name: 'a wait helper in the test module',
      path: W,
      code: '#[cfg(test)]\nmod tests {\n    async fn wait_for_worker() {\n        tokio::time::sleep(Duration::from_millis(300)).await;\n    }\n}\n',
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
      code: 'use std::fs;\n\n#[tokio::test]\nasync fn keeps_the_newer_file() {\n    let watcher = Watcher::start(PATH);\n    tokio::time::sleep(Duration::from_millis(50)).await;\n    let newer = "v2";\n    fs::write(PATH, newer).unwrap();\n    assert!(watcher.changed().await);\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a sleep followed by a request, not a file write',
      path: 'tests/reload.rs',
      code: '#[tokio::test]\nasync fn reloads() {\n    let watcher = Watcher::start(PATH);\n    tokio::time::sleep(Duration::from_millis(50)).await;\n    let body = "v2";\n    client().post("/reload").body(body).send().await.unwrap();\n    assert!(watcher.changed().await);\n}\n',
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
      code: '#[tokio::test]\nasync fn lists_only_newer_entries() {\n    let log = AuditLog::open_temp().await;\n    log.append("a").await;\n    tokio::time::sleep(Duration::from_millis(5)).await;\n    let cutoff = chrono::Utc::now();\n    log.append("b").await;\n    assert_eq!(log.since(cutoff).await.len(), 1);\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a crate fn of another file that spawns the worker: the sleep waits for work the test started',
      manifests: { 'Cargo.toml': '[package]\nname = "app"\n' },
      files: { 'src/lib.rs': 'pub mod indexer;\n', 'src/indexer.rs': 'pub struct Indexer;\nimpl Indexer {\n    pub fn launch(rx: Receiver<Doc>) -> JoinHandle<()> {\n        tokio::spawn(async move { while let Some(d) = rx.recv().await { index(d).await; } })\n    }\n}\n' },
      path: 'tests/indexing.rs',
      code: 'use app::indexer::Indexer;\n\n#[tokio::test]\nasync fn indexes_submitted_docs() {\n    let (tx, rx) = mpsc::channel(4);\n    let _task = Indexer::launch(rx);\n    tx.send(doc("a")).await.unwrap();\n    tokio::time::sleep(Duration::from_millis(300)).await;\n    assert!(search("a").await.is_some());\n}\n',
      lines: [8],
      messageId: 'sleep',
      messageIncludes: 'to wait for `Indexer::launch(..)` (line 6)',
    },
    {
      name: 'a timeout around a later await bounds the test, it is not a period of the code under test',
      path: 'tests/mailer.rs',
      code: '#[tokio::test]\nasync fn sends_queued_mail() {\n    let outbox = Outbox::default();\n    let worker = tokio::spawn(deliver_all(outbox.clone()));\n    outbox.push(mail()).await;\n    tokio::time::sleep(Duration::from_millis(200)).await;\n    assert_eq!(outbox.sent().await, 1);\n    tokio::time::timeout(Duration::from_secs(5), worker).await.unwrap().unwrap();\n}\n',
      lines: [6],
      messageId: 'sleep',
    },
    {
      name: 'a blocking sleep in an async test while a task it spawned needs the runtime',
      path: 'tests/flush.rs',
      code: '#[tokio::test]\nasync fn flushes_in_background() {\n    let sink = Sink::memory();\n    tokio::spawn(flush_loop(sink.clone()));\n    std::thread::sleep(std::time::Duration::from_millis(100));\n    assert!(sink.flushed());\n}\n',
      lines: [5],
      messageId: 'blockingTest',
    },
    {
      name: 'a grace period set on the config makes the test about time passing: a note',
      path: 'tests/disable.rs',
      code: '#[tokio::test]\nasync fn disables_after_grace() {\n    let mut cfg = Config::default();\n    cfg.disable_after = Duration::from_secs(1);\n    let app = spawn_app(&cfg).await;\n    app.fail_once().await;\n    tokio::time::sleep(Duration::from_millis(1_500)).await;\n    app.fail_once().await;\n    assert!(app.disabled().await);\n}\n',
      lines: [7],
      messageId: 'timePasses',
    },
    {
      name: 'a retry interval stated in an assertion makes the test about time passing: a note',
      path: 'src/retry.rs',
      code: '#[cfg(test)]\nmod tests {\n    #[tokio::test]\n    async fn backs_off() {\n        let q = Queue::memory();\n        q.fail(1).await;\n        tokio::time::sleep(std::time::Duration::from_secs(2)).await;\n        q.fail(1).await;\n        assert_eq!(q.next_at(1).await, q.last_at(1).await + TimeDelta::minutes(5));\n    }\n}\n',
      lines: [7],
      messageId: 'timePasses',
    },
    {
      name: 'a consumer loop the test starts and later aborts: the sleep waits for it to connect, a note',
      path: 'tests/it/consumer.rs',
      code: '#[tokio::test]\nasync fn forwards_messages() {\n    let plugin = plugin_for(broker_url());\n    let handle = tokio::spawn(async move { plugin.run().await });\n    tokio::time::sleep(Duration::from_millis(WAIT_MS)).await;\n    publish_to_broker(b"{}").await;\n    handle.abort();\n}\n',
      lines: [5],
      messageId: 'waitsForService',
    },
    {
      name: 'a blocking sleep straight in an async test whose attribute is a project macro, nothing started: a note',
      path: 'tests/sessions.rs',
      code: '#[pg_case]\nasync fn expires_sessions(db: &Db) {\n    db.add_session("t").await.unwrap();\n    std::thread::sleep(std::time::Duration::from_secs(2));\n    purge(db, std::time::Duration::from_secs(1)).await.unwrap();\n    assert!(db.session("t").await.is_err());\n}\n',
      lines: [4],
      messageId: 'timePasses',
    },
  ],
});
