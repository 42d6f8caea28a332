import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockingChain, blockingFunction, cpuHeavyFunction, cpuHeavyMethod } from '../../src/catalogue/blocking.js';
import { isConcurrentJoinFunction, isConcurrentJoinType, isOffloadingFunction, isOffloadingMethod, isRuntimeEntryAttribute, mentionsConcurrentJoin, testAttributeKind, OFFLOADING_FUNCTIONS, TEST_ATTRIBUTES } from '../../src/catalogue/executor.js';
import { ENV_MUTATING_TEXT, isSerialisingSandbox, sandboxMutates } from '../../src/catalogue/environment.js';
import { catalogueNames } from '../../src/catalogue/index.js';
import { BLOCK_ON_FUNCTIONS, DETACHING_SPAWN_FUNCTIONS, isBlockOnFunction, isFutureType, isDetachingSpawnFunction, runtimeBlockingMethod } from '../../src/catalogue/executor.js';
import { isClientBuilder, isDefaultClientConstructor, isSharingConstructor, isTimeoutMethod, isTimeoutWrapper, isUnboundedConnect, TIMEOUT_METHODS } from '../../src/catalogue/http.js';
import { isLockAcquireMethod, isReadLockMethod, isShardGuardLookup, isStdCollection, lockCrateKind, LOCK_ACQUIRE_METHODS } from '../../src/catalogue/locks.js';
import { isEmbeddedStoreCall, isSqlSafetyAssertion } from '../../src/catalogue/database.js';
import { isCopyingConversion, isReferenceKeyedCollection, vecAppendAsChain } from '../../src/catalogue/values.js';
import { isBodyExtractor } from '../../src/catalogue/web.js';
import { NAME_LIST_DEBT } from './name-list-debt.js';
import { apiNameLists, nameLists, ruleFiles } from './name-lists.js';

describe('catalogue: where code runs', () => {
  it('knows the offloading APIs by resolved path and by the names left after a module import', () => {
    for (const p of OFFLOADING_FUNCTIONS) expect(isOffloadingFunction(p)).toBe(true);
    expect(isOffloadingFunction('task::spawn_blocking')).toBe(true);
    expect(isOffloadingFunction('web::block')).toBe(true);
    expect(isOffloadingFunction('tokio::spawn')).toBe(false); // a future, on the executor
    expect(isOffloadingFunction('tokio::task::spawn_local')).toBe(false);
    expect(isOffloadingMethod('interact')).toBe(true);
    expect(isOffloadingMethod('run')).toBe(false); // project wrappers are the model's summaries, not names
  });

  it('knows the ways to await many futures at once', () => {
    expect(isConcurrentJoinFunction('futures::future::try_join_all')).toBe(true);
    expect(isConcurrentJoinFunction('join_all')).toBe(true);
    expect(isConcurrentJoinFunction('tokio::join')).toBe(false);
    expect(isConcurrentJoinType('tokio::task::JoinSet')).toBe(true);
    expect(mentionsConcurrentJoin('stream::iter(futs).buffer_unordered(4)')).toBe(true);
    expect(mentionsConcurrentJoin('for f in futs { f.await?; }')).toBe(false);
  });

  it('knows runtime entry points and test attributes, each once', () => {
    expect(isRuntimeEntryAttribute('tokio::main')).toBe(true);
    expect(isRuntimeEntryAttribute('tokio::test')).toBe(false);
    expect(testAttributeKind('sqlx::test')).toBe('runtime');
    expect(testAttributeKind('serial_test::serial')).toBeUndefined();
    expect(new Set(TEST_ATTRIBUTES).size).toBe(TEST_ATTRIBUTES.length);
    expect(new Set(OFFLOADING_FUNCTIONS).size).toBe(OFFLOADING_FUNCTIONS.length);
  });
});

describe('catalogue: database APIs', () => {
  it('knows the explicit opt-ins that mark run-time SQL text as reviewed', () => {
    expect(isEmbeddedStoreCall('sled::Tree', 'contains_key')).toBe(true);
    expect(isEmbeddedStoreCall('rocksdb::DB', 'get_cf')).toBe(true);
    expect(isEmbeddedStoreCall('sled::Tree', 'len')).toBe(false); // infallible
    expect(isEmbeddedStoreCall('std::collections::BTreeMap', 'get')).toBe(false);
    expect(isSqlSafetyAssertion('sqlx::AssertSqlSafe')).toBe(true);
    expect(isSqlSafetyAssertion('AssertSqlSafe')).toBe(true); // after a glob import
    expect(isSqlSafetyAssertion('mylib::AssertSqlSafe')).toBe(false);
    expect(isSqlSafetyAssertion('sqlx::query')).toBe(false);
  });
});

describe('catalogue: blocking and CPU-heavy APIs', () => {
  it('matches std and sync clients by resolved path only', () => {
    expect(blockingFunction('std::fs::read_to_string')?.alternative).toBe('tokio::fs::read_to_string(..).await');
    expect(blockingFunction('core::fs::read')?.kind).toBe('io');
    expect(blockingFunction('tokio::fs::read')).toBeNull();
    expect(blockingFunction('std::thread::sleep')?.kind).toBe('sleep');
    expect(blockingFunction('reqwest::blocking::get')?.kind).toBe('http-blocking');
    expect(blockingFunction('isahc::get')?.kind).toBe('io');
    expect(blockingFunction('isahc::get_async')).toBeNull();
    expect(blockingFunction('native_tls::TlsConnector::new')?.kind).toBe('io');
  });

  it('matches builder chains by their resolved root', () => {
    expect(blockingChain('std::process::Command::new', 'output')?.name).toBe('std::process::Command..output()');
    expect(blockingChain('native_tls::TlsConnector::builder', 'build')?.name).toBe('native_tls::TlsConnector..build()');
    expect(blockingChain('tokio::process::Command::new', 'output')).toBeNull();
  });

  it('names CPU-heavy work', () => {
    expect(cpuHeavyFunction('bcrypt::hash')).toBe('bcrypt password hashing');
    expect(cpuHeavyFunction('pbkdf2::pbkdf2_hmac')).toBe('PBKDF2 key derivation');
    expect(cpuHeavyFunction('bcrypt::DEFAULT_COST')).toBeNull();
    expect(cpuHeavyFunction('sha2::Sha256::digest')).toBeNull();
    expect(cpuHeavyFunction('tera::Tera::one_off')).toBe('Tera template rendering');
  });

  it('names CPU-heavy methods of runtime template engines by the receiver\'s type', () => {
    expect(cpuHeavyMethod('tera::Tera', 'render')).toBe('Tera template rendering');
    expect(cpuHeavyMethod('handlebars::Handlebars', 'render_template')).toBe('Handlebars template rendering');
    expect(cpuHeavyMethod('tera::Tera', 'get_template_names')).toBeNull();
    expect(cpuHeavyMethod('askama::Template', 'render')).toBeNull();
  });
});

describe('catalogue: locks, HTTP clients, runtime re-entry, detaching spawns', () => {
  it('knows lock acquisitions and which guards only read', () => {
    expect(isLockAcquireMethod('blocking_lock')).toBe(true);
    expect(isReadLockMethod('read_recursive')).toBe(true);
    expect(isReadLockMethod('write')).toBe(false);
    expect(lockCrateKind('parking_lot::Mutex')).toBe('sync');
    expect(lockCrateKind('tokio::sync::RwLock')).toBe('async');
    expect(lockCrateKind('crate::sync::Mutex')).toBeUndefined();
    expect(isStdCollection('HashMap')).toBe(true);
    expect(isStdCollection('LruCache')).toBe(false);
    // A sharded map's lookups hold a shard's lock, by the map type's path only.
    expect(isShardGuardLookup('dashmap::DashMap', 'get_mut')).toBe(true);
    expect(isShardGuardLookup('dashmap::DashSet', 'get_mut')).toBe(false);
    expect(isShardGuardLookup('std::collections::HashMap', 'get')).toBe(false);
  });

  it('knows reqwest clients, their timeout knobs and unbounded connects', () => {
    expect(isDefaultClientConstructor('reqwest::Client::new')).toBe(true);
    expect(isClientBuilder('reqwest::Client::builder')).toBe(true);
    expect(isClientBuilder('reqwest::Client::new')).toBe(false);
    expect(isTimeoutMethod('read_timeout')).toBe(true);
    expect(isTimeoutWrapper('tokio::time::timeout')).toBe(true);
    expect(isSharingConstructor('std::sync::Arc::new')).toBe(true);
    expect(isSharingConstructor('Mutex::new')).toBe(false);
    expect(isUnboundedConnect('tokio::net::TcpStream::connect')).toBe(true);
    expect(isUnboundedConnect('std::net::TcpStream::connect')).toBe(false); // blocking: the blocking catalogue's
  });

  it('knows what blocks on the runtime and which spawns detach', () => {
    expect(isBlockOnFunction('futures::executor::block_on')).toBe(true);
    expect(isBlockOnFunction('tokio::task::block_in_place')).toBe(false);
    expect(runtimeBlockingMethod('blocking_recv')).toBe('.recv().await');
    expect(runtimeBlockingMethod('toString')).toBeUndefined();
    expect(isDetachingSpawnFunction('tokio::task::spawn')).toBe(true);
    expect(isDetachingSpawnFunction('tokio::task::JoinSet::spawn')).toBe(false);
    for (const list of [LOCK_ACQUIRE_METHODS, TIMEOUT_METHODS, DETACHING_SPAWN_FUNCTIONS, BLOCK_ON_FUNCTIONS]) expect(new Set(list).size).toBe(list.length);
  });
});

describe('rule and model files declare no lists of library API names (they belong in src/catalogue/)', () => {
  const known = catalogueNames();

  it('the detector finds string lists and regex alternations, not single names', () => {
    expect(nameLists("const M = new Set(['spawn_blocking', 'interact', 'run']);")).toEqual([['spawn_blocking', 'interact', 'run']]);
    expect(nameLists('const R = /^(spawn_blocking|block_in_place|interact)$/;')).toEqual([['spawn_blocking', 'block_in_place', 'interact']]);
    expect(apiNameLists("const X = ['alpha', 'beta', 'gamma'];", known)).toEqual([]);
    expect(apiNameLists("const X = ['spawn_blocking', 'beta', 'gamma'];", known)).toHaveLength(1);
  });

  it('no new list, and none added to a file that still has some', () => {
    const over: string[] = [];
    for (const file of [...ruleFiles('src/rules'), ...ruleFiles('src/model')]) {
      const id = file.replace(/\\/g, '/').replace(/^src\//, '');
      const lists = apiNameLists(fs.readFileSync(file, 'utf8'), known);
      const allowed = NAME_LIST_DEBT[id] ?? 0;
      if (lists.length > allowed) over.push(`${id}: ${lists.length} lists of API names (allowed ${allowed}); move them into src/catalogue/: ${lists.map((l) => l.slice(0, 3).join('|')).join(', ')}`);
      else if (lists.length < allowed) over.push(`${id}: ${lists.length} lists left, lower its count in test/catalogue/name-list-debt.ts to ${lists.length}`);
    }
    expect(over).toEqual([]);
  });
});

describe('catalogue: the process environment', () => {
  it('knows sandboxes whose methods still change the real environment, by the resolved path that enters them', () => {
    expect(sandboxMutates('figment::Jail::expect_with', 'set_env')).toBe(true);
    expect(sandboxMutates('::figment::Jail::try_with', 'clear_env')).toBe(true);
    expect(sandboxMutates('figment::Jail::expect_with', 'create_file')).toBe(false);
    expect(sandboxMutates('Jail::expect_with', 'set_env')).toBe(false); // not resolved to figment
    expect(ENV_MUTATING_TEXT.test('jail.set_env("A", "1")')).toBe(true);
    expect(ENV_MUTATING_TEXT.test('std::env::var("A")')).toBe(false);
  });

  it('knows which sandboxes serialise their users and restore the environment', () => {
    expect(isSerialisingSandbox('figment::Jail::expect_with')).toBe(true);
    expect(isSerialisingSandbox('::figment::Jail::try_with')).toBe(true);
    expect(isSerialisingSandbox('Jail::expect_with')).toBe(false);
    expect(isSerialisingSandbox('temp_env::with_var')).toBe(false);
  });
});

describe('catalogue: future types', () => {
  it('knows the return types that are a future to poll', () => {
    for (const t of ['impl Future<Output = ()>', "impl std::future::Future<Output = Result<(), E>> + Send + 'a", 'Pin<Box<dyn Future<Output = u8> + Send>>', "BoxFuture<'static, ()>", 'futures::future::LocalBoxFuture<()>']) expect(isFutureType(t)).toBe(true);
    for (const t of ['Result<(), E>', 'impl Iterator<Item = u8>', 'Pin<Box<dyn Stream<Item = u8>>>', 'JoinHandle<()>']) expect(isFutureType(t)).toBe(false);
  });
});

describe('catalogue: extractors and value copies the ownership rules ask about', () => {
  it('knows the extractors that hand over an owned body, and not the shared ones', () => {
    expect(isBodyExtractor('Json')).toBe(true);
    expect(isBodyExtractor('ValidatedJson')).toBe(true);
    expect(isBodyExtractor('State')).toBe(false);
    expect(isBodyExtractor('Data')).toBe(false);
  });
  it('knows keyed collections whose key is a reference (lookups need that exact type)', () => {
    expect(isReferenceKeyedCollection('HashSet<&String>')).toBe(true);
    expect(isReferenceKeyedCollection('HashMap::<&str, u32>::new')).toBe(true);
    expect(isReferenceKeyedCollection('std::collections::BTreeMap<&\'a str, V>')).toBe(true);
    expect(isReferenceKeyedCollection('HashMap<String, u32>')).toBe(false);
    expect(isReferenceKeyedCollection('Vec<&String>')).toBe(false);
  });
  it('knows the methods that copy their receiver into a new owned value', () => {
    for (const m of ['clone', 'to_owned', 'to_string', 'to_vec', 'to_path_buf']) expect(isCopyingConversion(m)).toBe(true);
    for (const m of ['as_str', 'iter', 'push_str', 'hasOwnProperty']) expect(isCopyingConversion(m)).toBe(false);
  });
  it('knows the Vec appends a lazy chain does with .chain(..)', () => {
    expect(vecAppendAsChain('push')?.('x')).toBe('std::iter::once(x)');
    expect(vecAppendAsChain('extend')?.('rest')).toBe('rest');
    for (const m of ['insert', 'push_front', 'append', 'constructor']) expect(vecAppendAsChain(m)).toBeUndefined();
  });
});

describe('catalogue: value shapes', () => {
  it('knows a collection of trait objects by its written type, and not a collection of plain values', async () => {
    const { TRAIT_OBJECT_COLLECTION_TYPES: t } = await import('../../src/catalogue/values.js');
    for (const yes of ['Vec<Box<dyn Forge + Send + Sync>>', '&[Arc<dyn Check>]', "&'a [&'a dyn Probe]", 'std::collections::VecDeque<std::sync::Arc<dyn Hook>>', '[Box<dyn Step>; 3]']) expect(t.test(yes), yes).toBe(true);
    for (const no of ['Vec<Box<Member>>', '&[Arc<Order>]', 'HashMap<String, Box<dyn Forge>>', 'Box<dyn Forge>', 'Vec<String>']) expect(t.test(no), no).toBe(false);
  });

  it('knows the Iterator trait methods a boxed iterator serves, and not a collection\'s own methods', async () => {
    const { isIteratorTraitMethod } = await import('../../src/catalogue/values.js');
    for (const yes of ['next', 'map', 'collect', 'count']) expect(isIteratorTraitMethod(yes), yes).toBe(true);
    for (const no of ['push', 'len', 'iter', 'sort']) expect(isIteratorTraitMethod(no), no).toBe(false);
  });
});

describe('catalogue: retries, SQL words', () => {
  it('knows the words of a retry loop, as whole words', async () => {
    const { mentionsRetry } = await import('../../src/catalogue/executor.js');
    expect(mentionsRetry('for attempt in 0..5 { .. }')).toBe(true);
    expect(mentionsRetry('for attempted_login in logins { .. }')).toBe(false);
  });

  it('knows SQL words in text and Rust sources that may name a column', async () => {
    const { mentionsSqlWord, mayNameColumns, SQL_SINK_HINT } = await import('../../src/catalogue/database.js');
    expect(mentionsSqlWord('SELECT id FROM orders')).toBe(true);
    expect(mentionsSqlWord('selected items')).toBe(false);
    expect(mayNameColumns('diesel::table! { orders (id) { id -> Int8 } }')).toBe(true);
    expect(mayNameColumns('#[derive(sqlx::FromRow)] struct Order;')).toBe(true);
    expect(mayNameColumns('fn add(a: i32) -> i32 { a + 1 }')).toBe(false);
    expect(SQL_SINK_HINT.test('conn.execute(&q)')).toBe(true);
  });
});

describe('catalogue: bounded loads, JSON list answers, stream copies', () => {
  it('knows the diesel methods that bound a load, the JSON list response types, and std::io::copy', async () => {
    const { dieselQueryBounded, LOAD_ALL_HINT } = await import('../../src/catalogue/database.js');
    const { answersJsonList } = await import('../../src/catalogue/web.js');
    const { isStreamCopy, RECEIVER_BLOCKING_METHODS } = await import('../../src/catalogue/blocking.js');
    expect(dieselQueryBounded('posts.filter(x).limit(20)')).toBe(true);
    expect(dieselQueryBounded('posts.select(count_star())')).toBe(true);
    expect(dieselQueryBounded('posts.filter(author.eq(id)).order(id)')).toBe(false);
    expect(LOAD_ALL_HINT.test('rows.fetch_all(&pool)')).toBe(true);
    expect(answersJsonList('Result<Json<Vec<Post>>, ApiError>')).toBe(true);
    expect(answersJsonList('web::Json<Vec<Post>>')).toBe(true);
    expect(answersJsonList('Json<Post>')).toBe(false);
    expect(isStreamCopy('std::io::copy')).toBe(true);
    expect(isStreamCopy('tokio::io::copy')).toBe(false);
    expect(RECEIVER_BLOCKING_METHODS).toContain('recv');
  });
});

describe('catalogue: writers that keep what is written in memory', () => {
  it('knows std buffers and hash states, a generic state name only with its crate path', async () => {
    const { isInMemoryWriter, isWriteMethod } = await import('../../src/catalogue/writers.js');
    expect(['Vec<u8>', 'String', '&mut Vec<u8>', 'std::string::String', 'md5::Context', 'sha2::Sha256', 'Sha256'].filter(isInMemoryWriter)).toHaveLength(7);
    expect(['Context', 'Hasher', 'File', 'TcpStream', 'BufWriter<File>', 'ring::digest::Context'].filter(isInMemoryWriter)).toEqual([]);
    expect(['write_all', 'write_str', 'flush'].every(isWriteMethod)).toBe(true);
    expect(isWriteMethod('send')).toBe(false);
  });
});

describe('catalogue: what std methods keep of a value (the SQL taint and provenance read these)', () => {
  it('knows the views and copies of a text, the conversions to another string type, and the defaults of the same type', async () => {
    const { DEFAULTING_METHODS, derivesFromReceiver, givesReceiverText, isSameTextConversion } = await import('../../src/catalogue/values.js');
    for (const m of ['as_str', 'clone', 'to_string', 'trim', 'into_boxed_str', 'as_mut_str']) expect(givesReceiverText(m), m).toBe(true);
    for (const m of ['len', 'push_str', 'to_uppercase', 'split']) expect(givesReceiverText(m), m).toBe(false);
    for (const m of ['join', 'to_uppercase', 'replace', 'trim_end', 'to_string']) expect(derivesFromReceiver(m), m).toBe(true);
    for (const m of ['push', 'get', 'unwrap_or', 'fetch_one']) expect(derivesFromReceiver(m), m).toBe(false);
    for (const c of ['String::from', 'std::borrow::Cow::Owned', 'Cow::from']) expect(isSameTextConversion(c), c).toBe(true);
    for (const c of ['from', 'Uuid::from', 'String::from_utf8']) expect(isSameTextConversion(c), c).toBe(false);
    expect([...DEFAULTING_METHODS].sort()).toEqual(['unwrap_or', 'unwrap_or_default', 'unwrap_or_else']);
  });
});
