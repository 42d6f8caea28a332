/**
 * I/O whose failure is the outside world's (a missing file, a refused connection, a remote that went
 * away), and the awaits that are not I/O at all (joins, channels, locks, timers): an `unwrap` of the
 * first panics on a bad day, of the second only on a bug or at shutdown.
 */

/** Methods of files, sockets and readers / writers that do the I/O (`read_to_string`, `write_all`, `sync_all`, a socket's `send`). */
export const IO_METHODS: readonly string[] = ['read_to_string', 'read_to_end', 'read_line', 'read_exact', 'write_all', 'sync_all', 'send'];
/** I/O functions by resolved path: std / tokio / async-std `fs`, opening a file, connecting a socket, reqwest's one-shot `get`. */
export const IO_FUNCTIONS = /^(std|tokio|async_std)::fs::|(^|::)(File|OpenOptions)::(open|create)$|(^|::)(TcpStream|UdpSocket|UnixStream)::connect$|^reqwest::(blocking::)?get$/;

/** Awaited methods whose failure is a bug or a shutdown, not the outside world: joins, channel receives, watches, notifications, locks, semaphores, timers, spawns. */
export const NOT_IO_AWAITED_METHODS: readonly string[] = [
  'join_next', 'recv', 'recv_many', 'changed', 'notified', 'lock', 'read', 'write', 'acquire_owned', 'acquire_many', 'tick', 'sleep', 'wait',
  'spawn', 'spawn_blocking', 'spawn_local', 'join', 'try_join', 'cancelled', 'closed',
];
/** Free fns (last path segment) whose result is a task's, a timer's or a join's, not I/O: `tokio::spawn(..)`, `sleep(..)`, `timeout_at(..)`, actix's `web::block(..)`, `tokio::join!`. */
export const NOT_IO_FUNCTIONS = /(^|::)(spawn|spawn_blocking|spawn_local|block|sleep|join|try_join|timeout_at)$|^(tokio::)?join!?$/;

const ioMethods = new Set(IO_METHODS);
const notIoAwaited = new Set(NOT_IO_AWAITED_METHODS);
export const isIoMethod = (method: string): boolean => ioMethods.has(method);
export const isIoFunction = (resolved: string): boolean => IO_FUNCTIONS.test(resolved);
export const isNotIoAwaitedMethod = (method: string): boolean => notIoAwaited.has(method);
export const isNotIoFunction = (callee: string): boolean => NOT_IO_FUNCTIONS.test(callee);

/** std's and tokio's own verbs and types (`read`, `send`, `join`, `File`, `open`): counted as API names, they would mark any list of common verbs (see catalogue/index.ts). */
export const STD_VOCABULARY: readonly string[] = ['IO_METHODS', 'IO_FUNCTIONS', 'NOT_IO_AWAITED_METHODS', 'NOT_IO_FUNCTIONS'];
