/**
 * Where code runs: the APIs that hand a closure to a blocking pool or a thread (so the closure's
 * body runs off the async executor), the runtime entry-point attributes and the test attributes.
 * Each name is written once, here; the model of the crate (src/model/) asks these, rules do not.
 */
import { BLOCKING_FUNCTIONS } from './blocking.js';

/** Free functions (by resolved path) whose closure argument runs off the executor. */
export const OFFLOADING_FUNCTIONS: readonly string[] = [
  'tokio::task::spawn_blocking',
  'tokio::task::block_in_place',
  'tokio::runtime::Handle::spawn_blocking',
  'std::thread::spawn',
  'std::thread::scope',
  'actix_web::web::block',
  'actix_rt::task::spawn_blocking',
  'async_std::task::spawn_blocking',
  'smol::unblock',
  'blocking::unblock',
  'rayon::spawn',
  'rayon::spawn_fifo',
  'rayon::scope',
  'rayon::join',
];

/**
 * Methods whose closure argument runs off the executor: `handle.spawn_blocking(..)`, deadpool's
 * `conn.interact(..)`, `thread::Builder::new().spawn(..)`, `scope.spawn(..)` of a thread scope,
 * `pool.install(..)` of a rayon pool.
 */
export const OFFLOADING_METHODS: readonly string[] = ['spawn_blocking', 'block_in_place', 'interact', 'spawn', 'spawn_fifo', 'install'];

/** The last segment of an offloading function, matched when the path cannot be resolved (`spawn_blocking(..)` after a glob import). */
export const OFFLOADING_FUNCTION_NAMES: readonly string[] = ['spawn_blocking', 'block_in_place', 'unblock', 'interact'];

/** Rayon parallel iterator sources: their adaptor closures run on the rayon pool. */
export const PARALLEL_ITERATOR_SOURCES: readonly string[] = ['par_iter', 'par_iter_mut', 'into_par_iter', 'par_chunks', 'par_chunks_mut', 'par_bridge', 'par_lines', 'par_split'];

/**
 * Ways to await many futures together (their work overlaps): free functions and types by their last
 * segment (`futures::future::try_join_all`, `FuturesUnordered`, tokio's `JoinSet`), and the stream
 * methods that poll several of a stream's futures at once.
 */
export const CONCURRENT_JOIN_FUNCTIONS: readonly string[] = ['join_all', 'try_join_all', 'select_all', 'select_ok'];
export const CONCURRENT_JOIN_TYPES: readonly string[] = ['FuturesUnordered', 'FuturesOrdered', 'JoinSet'];
export const CONCURRENT_STREAM_METHODS: readonly string[] = ['buffer_unordered', 'buffered'];

/** Attributes that make an `async fn main` the runtime's entry point (start-up code runs before serving). */
export const RUNTIME_ENTRY_ATTRIBUTES: readonly string[] = ['tokio::main', 'actix_web::main', 'actix_rt::main', 'async_std::main', 'ntex::main', 'rocket::main', 'rocket::launch', 'launch', 'shuttle_runtime::main'];

/**
 * What a test attribute is (its path as written or resolved): std's plain `#[test]`; a runtime's or a
 * test crate's attribute that runs the fn as a test, with its own runtime for an `async fn` (some of
 * them refuse a non-async fn: "the `async` keyword is missing"); a parametrising attribute that
 * generates tests and passes the fn's own runtime attribute through; or a wrapper that decorates a
 * test written with another attribute (`#[traced_test]` beside `#[test]`).
 */
export type TestAttributeKind = 'plain' | 'runtime' | 'parametrised' | 'wrapper';
export const TEST_ATTRIBUTE_KINDS: Readonly<Record<string, { kind: TestAttributeKind; asyncOnly?: true }>> = {
  test: { kind: 'plain' },
  'tokio::test': { kind: 'runtime', asyncOnly: true },
  'actix_rt::test': { kind: 'runtime', asyncOnly: true },
  'actix_web::test': { kind: 'runtime', asyncOnly: true },
  'async_std::test': { kind: 'runtime', asyncOnly: true },
  'ntex::test': { kind: 'runtime', asyncOnly: true },
  'sqlx::test': { kind: 'runtime' },
  'test_log::test': { kind: 'runtime' },
  'googletest::test': { kind: 'runtime' },
  'monoio::test': { kind: 'runtime' },
  'compio::test': { kind: 'runtime' },
  'rocket::async_test': { kind: 'runtime' },
  'axum_test::test': { kind: 'runtime' },
  rstest: { kind: 'parametrised' },
  'rstest::rstest': { kind: 'parametrised' },
  test_case: { kind: 'parametrised' },
  'test_case::test_case': { kind: 'parametrised' },
  test_matrix: { kind: 'parametrised' },
  'tracing_test::traced_test': { kind: 'wrapper' },
};
/** Attributes (their path as written) that make a fn a test. Whether a fn is a test is model/test-attributes.ts's answer (it resolves `use` items). */
export const TEST_ATTRIBUTES: readonly string[] = Object.keys(TEST_ATTRIBUTE_KINDS);
/** What a test attribute (by path) is, or undefined when it is none. */
export const testAttributeKind = (path: string): TestAttributeKind | undefined => (Object.hasOwn(TEST_ATTRIBUTE_KINDS, path) ? TEST_ATTRIBUTE_KINDS[path]!.kind : undefined);
/** A runtime's test attribute that refuses a non-async fn. */
export const isAsyncOnlyTestAttribute = (path: string): boolean => Object.hasOwn(TEST_ATTRIBUTE_KINDS, path) && TEST_ATTRIBUTE_KINDS[path]!.asyncOnly === true;

const offloadingFunctions = new Set(OFFLOADING_FUNCTIONS);
const offloadingMethods = new Set(OFFLOADING_METHODS);
const offloadingNames = new Set(OFFLOADING_FUNCTION_NAMES);
const parallelSources = new Set(PARALLEL_ITERATOR_SOURCES);
const entryAttributes = new Set(RUNTIME_ENTRY_ATTRIBUTES);

/** A free function (resolved path) that runs its closure argument off the executor. */
export function isOffloadingFunction(resolved: string): boolean {
  const path = resolved.replace(/^::/, '');
  if (offloadingFunctions.has(path)) return true;
  const last = path.slice(path.lastIndexOf(':') + 1);
  // `task::spawn_blocking` after `use tokio::task;`, `web::block` after `use actix_web::web;`
  // A bare `spawn(|| ..)` / `block(|| ..)` takes a closure: a thread or actix's `web::block` (tokio's spawn takes a future).
  return offloadingNames.has(last) || path === 'spawn' || path === 'block' || /(^|::)web::block$/.test(path) || /(^|::)thread::(spawn|scope)$/.test(path) || path.startsWith('rayon::');
}

export const isOffloadingMethod = (method: string): boolean => offloadingMethods.has(method);
const lastSegment = (path: string): string => path.slice(path.lastIndexOf(':') + 1);
/** A function (path as written or resolved) that awaits a collection of futures concurrently. */
export const isConcurrentJoinFunction = (path: string): boolean => CONCURRENT_JOIN_FUNCTIONS.includes(lastSegment(path));
/** A type (`FuturesUnordered::new`'s owner) whose values poll the futures pushed into them concurrently. */
export const isConcurrentJoinType = (path: string): boolean => CONCURRENT_JOIN_TYPES.includes(lastSegment(path));
export const isConcurrentStreamMethod = (method: string): boolean => CONCURRENT_STREAM_METHODS.includes(method);
const concurrencyWord = new RegExp(String.raw`\b(${[...CONCURRENT_JOIN_FUNCTIONS, ...CONCURRENT_JOIN_TYPES, ...CONCURRENT_STREAM_METHODS].join('|')})\b`);
/** Whether code text mentions any way of awaiting futures concurrently (a cheap test before a closer look). */
export const mentionsConcurrentJoin = (text: string): boolean => concurrencyWord.test(text);

export const isParallelIteratorSource = (method: string): boolean => parallelSources.has(method);
export const isRuntimeEntryAttribute = (path: string): boolean => entryAttributes.has(path);

/** Free functions (by resolved path) that block the calling thread on a future: inside the runtime they panic or deadlock. */
export const BLOCK_ON_FUNCTIONS: readonly string[] = [
  'futures::executor::block_on', 'futures::block_on', 'futures_executor::block_on', 'futures_lite::future::block_on', 'futures_lite::block_on',
  'pollster::block_on', 'async_std::task::block_on', 'tokio::runtime::Handle::current().block_on',
];
/** The `block_on` method of a `Runtime` / `Handle` / executor. */
export const BLOCK_ON_METHOD = 'block_on';
/** tokio's sync-side methods, which panic inside the runtime, with their async form. */
export const RUNTIME_BLOCKING_METHODS: Readonly<Record<string, string>> = {
  blocking_recv: '.recv().await',
  blocking_send: '.send(..).await',
  blocking_lock: '.lock().await',
  blocking_read: '.read().await',
  blocking_write: '.write().await',
  blocking_recv_many: '.recv_many(..).await',
};

/** Spawn functions (by resolved path) whose `JoinHandle` detaches the task when dropped. */
export const DETACHING_SPAWN_FUNCTIONS: readonly string[] = [
  'tokio::spawn', 'tokio::task::spawn', 'tokio::spawn_local', 'tokio::task::spawn_local', 'tokio::spawn_blocking', 'tokio::task::spawn_blocking',
  'actix_rt::spawn', 'actix_web::rt::spawn', 'async_std::task::spawn', 'async_std::task::spawn_local', 'async_std::task::spawn_blocking',
];
/**
 * Spawns (by resolved path) whose future or closure runs on another thread, so it must be `Send`:
 * tokio's `spawn` (also as `Handle::current().spawn`) and `std::thread::spawn`. Not `spawn_local`,
 * nor actix's `rt::spawn` (the current thread's arbiter).
 */
export const THREAD_CROSSING_SPAWNS: readonly string[] = ['tokio::spawn', 'tokio::task::spawn', 'std::thread::spawn', 'tokio::runtime::Handle::current::spawn'];
/** A thread-crossing spawn by its resolved path, or by its last two segments when the module import was not resolved (`task::spawn`, `thread::spawn`). */
export const isThreadCrossingSpawn = (resolved: string): boolean =>
  THREAD_CROSSING_SPAWNS.some((p) => p === resolved || (resolved.split('::').length === 2 && p.endsWith(`::${resolved}`)));
/** The chain root of `Handle::current().spawn(..)` (a method spawn that detaches as `tokio::spawn` does). */
export const CURRENT_HANDLE = 'tokio::runtime::Handle::current';

const blockOnFunctions = new Set(BLOCK_ON_FUNCTIONS);
const detachingSpawns = new Set(DETACHING_SPAWN_FUNCTIONS);
export const isBlockOnFunction = (resolved: string): boolean => blockOnFunctions.has(resolved);
export const runtimeBlockingMethod = (method: string): string | undefined => (Object.hasOwn(RUNTIME_BLOCKING_METHODS, method) ? RUNTIME_BLOCKING_METHODS[method] : undefined);
export const isDetachingSpawnFunction = (resolved: string): boolean => detachingSpawns.has(resolved);

/** Held once here but not used to mark lists elsewhere as API lists: their module segments (`executor`, `future`) are common words (see catalogue/index.ts). */
export const STD_VOCABULARY: readonly string[] = ['BLOCK_ON_FUNCTIONS', 'RETRY_LOOP_WORDS'];

/** Macros that poll (and so await) their futures without writing `.await` (`tokio::select!`, `join!`). */
export const AWAITING_MACROS: readonly string[] = ['select', 'select_biased', 'join', 'try_join'];
const awaitingMacros = new Set(AWAITING_MACROS);
/** A macro (its path as written) that awaits its arguments. */
export const isAwaitingMacro = (name: string): boolean => awaitingMacros.has(name.slice(name.lastIndexOf(':') + 1));
/**
 * Calls that start a task or a thread and do not wait for it (`tokio::spawn(fut)`,
 * `std::thread::spawn(|| ..)`, `join_set.spawn(fut)`, `handle.spawn(fut)`): the code handed to them
 * runs on its own, beside whatever spawned it (a job started at boot runs while the service serves).
 * Free functions by the last segment of their path, methods by name.
 */
export const SPAWNING_FUNCTION_NAMES: readonly string[] = ['spawn', 'spawn_local'];
export const SPAWNING_METHODS: readonly string[] = ['spawn', 'spawn_local', 'spawn_on'];
/**
 * Ways the code that started a task waits for it to end: methods of its handle (`handle.join()` of a
 * thread; a tokio `JoinHandle` is awaited itself) and of a task set (`JoinSet::join_next`,
 * `join_all`); `std::thread::scope` / `rayon::scope`, whose spawns all end before the scope returns.
 * A task waited for so is a step of the code that started it, not a job beside it.
 */
export const TASK_JOIN_METHODS: readonly string[] = ['join', 'join_next', 'join_next_with_id', 'try_join_next', 'join_all'];
export const isTaskJoinMethod = (method: string): boolean => TASK_JOIN_METHODS.includes(method);
export const JOINING_SCOPE_FUNCTIONS: readonly string[] = ['std::thread::scope', 'thread::scope', 'rayon::scope', 'rayon::scope_fifo'];
export const isJoiningScope = (resolved: string): boolean => JOINING_SCOPE_FUNCTIONS.includes(resolved.replace(/^::/, ''));

/** Methods that stop a started task from outside (`handle.abort()`, a `JoinSet`'s `abort_all()`): the task would not end by itself. */
export const TASK_CANCEL_METHODS: readonly string[] = ['abort', 'abort_all'];
export const isTaskCancelMethod = (method: string): boolean => TASK_CANCEL_METHODS.includes(method);

/** Calls whose closure argument is a one-time lazy initialiser (`LazyLock::new(|| ..)`, `cell.get_or_init(|| ..)`). */
export const LAZY_INIT_FUNCTIONS: readonly string[] = ['LazyLock::new', 'LazyCell::new', 'Lazy::new'];
export const LAZY_INIT_METHODS: readonly string[] = ['get_or_init', 'get_or_try_init', 'call_once', 'call_once_force'];
/** Entry-API methods whose closure runs only when the key is missing (`map.entry(k).or_insert_with(|| ..)`): once per key. */
export const KEYED_INIT_METHODS: readonly string[] = ['or_insert_with', 'or_try_insert_with', 'get_or_insert_with'];
const onceInitMethods = new Set([...LAZY_INIT_METHODS, ...KEYED_INIT_METHODS]);
/** A method whose closure argument runs once (a lazy cell) or once per key (a map entry), not on every call. */
export const isOnceInitMethod = (method: string): boolean => onceInitMethods.has(method);
/** Once cells (std's `OnceLock`, once_cell's `OnceCell`): a value given to one (`OnceLock::set(&CELL, v)`, `OnceCell::with_value(v)`) is kept for the process. */
export const ONCE_CELL_TYPES: readonly string[] = ['OnceLock', 'OnceCell'];
const onceCellCall = new RegExp(`(^|::)(${ONCE_CELL_TYPES.join('|')})::\\w+$`);

const spawningNames = new Set(SPAWNING_FUNCTION_NAMES);
const spawningMethods = new Set(SPAWNING_METHODS);

/** A free function (path as resolved) that starts a task or thread. */
export function isSpawningFunction(resolved: string): boolean {
  return spawningNames.has(resolved.slice(resolved.lastIndexOf(':') + 1));
}
export const isSpawningMethod = (method: string): boolean => spawningMethods.has(method);

/** A call (its callee path as written or its method name) whose closure argument runs once, lazily. */
export function isLazyInit(callee: string, method: string | null): boolean {
  if (method !== null) return LAZY_INIT_METHODS.includes(method);
  return LAZY_INIT_FUNCTIONS.some((f) => callee === f || callee.endsWith(`::${f}`));
}

/** A call whose argument is made or kept once for the whole process: a lazy initialiser, or an associated fn of a once cell. */
export const isOnceInit = (callee: string, method: string | null): boolean => isLazyInit(callee, method) || (method === null && onceCellCall.test(callee));

/** Words of a loop that retries or backs off (`attempt`, `retries`, `backoff`, a `sleep` between tries): its queries repeat one item, not one per item. Matched as whole words. */
export const RETRY_LOOP_WORDS: readonly string[] = ['sleep', 'retry', 'retries', 'attempt', 'attempts', 'backoff'];
const retryWord = new RegExp(`\\b(${RETRY_LOOP_WORDS.join('|')})\\b`, 'i');
export const mentionsRetry = (text: string): boolean => retryWord.test(text);

/**
 * Return types that are a future to be polled (`impl Future<Output = T>`, `Pin<Box<dyn Future<..> + Send>>`,
 * futures' `BoxFuture<'_, T>` / `LocalBoxFuture`): a call to a fn declared so does its work only when awaited.
 */
export function isFutureType(type: string): boolean {
  const t = type.replace(/\s+/g, ' ').trim();
  return /^impl ((std|core)::future::)?(Future|IntoFuture)\b/.test(t) || /^(std::pin::)?Pin<\s*Box<\s*dyn ((std|core)::future::)?Future\b/.test(t) || /^((futures|futures_util|futures_core)::future::)?(BoxFuture|LocalBoxFuture)\b/.test(t);
}

/** tokio fns (by resolved path) that return a future doing nothing until it is awaited: a sleep, a yield, every `tokio::fs` fn. */
export const LAZY_FUTURE_FUNCTIONS = /^tokio::(time::(sleep|sleep_until)|task::yield_now|fs::\w+)$/;
export const isLazyFutureFunction = (resolved: string): boolean => LAZY_FUTURE_FUNCTIONS.test(resolved);

/**
 * Functions (by resolved path) that wait a fixed time: std's blocking sleep (blocking.ts holds it, with
 * its async replacement) and the runtimes' timers. A test that sleeps one guesses how long work takes.
 */
export const SLEEP_FUNCTIONS: readonly string[] = [
  ...Object.keys(BLOCKING_FUNCTIONS).filter((p) => BLOCKING_FUNCTIONS[p]!.kind === 'sleep'),
  'tokio::time::sleep', 'tokio::time::sleep_until', 'async_std::task::sleep', 'actix_rt::time::sleep', 'smol::Timer::after',
];
const sleepNames = new Set(SLEEP_FUNCTIONS.map((p) => p.slice(p.lastIndexOf(':') + 1)));
/** The last segment of a sleep function (`sleep`, `sleep_until`, `after`): a cheap test before the path is compared. */
export const isSleepFunctionName = (path: string): boolean => sleepNames.has(path.slice(path.lastIndexOf(':') + 1));

/** Receivers of a `.spawn(..)` that run the future on the current thread (`LocalSet`, `spawn_local`'s sets, actix's arbiter): it need not be `Send`. */
export const CURRENT_THREAD_SPAWNERS = /local|actix|arbiter/i;
export const spawnsOnCurrentThread = (receiver: string): boolean => CURRENT_THREAD_SPAWNERS.test(receiver);
