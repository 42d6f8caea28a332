/**
 * Channels between tasks and threads: which constructors make a queue without a bound. A send on one
 * never waits, so a slow consumer lets the queue (and the process's memory) grow without limit.
 */

/**
 * Unbounded channel constructors by resolved path: tokio's `mpsc::unbounded_channel`, and the
 * `unbounded` (or `unbounded_async`) of futures' mpsc, crossbeam, flume, async-channel, async-std and kanal.
 */
export const UNBOUNDED_CHANNEL_CONSTRUCTORS = /(^|::)unbounded_channel$|^(futures(_channel)?::channel::mpsc|futures_channel::mpsc|crossbeam_channel|crossbeam::channel|flume|async_channel|async_std::channel|kanal)::unbounded(_async)?$/;
export const isUnboundedChannelConstructor = (resolved: string): boolean => UNBOUNDED_CHANNEL_CONSTRUCTORS.test(resolved);

/**
 * Every channel constructor that returns a `(sender, receiver)` pair, bounded or not, by resolved path:
 * std's `mpsc::channel` / `sync_channel`, tokio's `mpsc::channel` / `unbounded_channel`, and the
 * constructors of futures' mpsc, crossbeam, flume, async-channel, async-std and kanal.
 */
export const CHANNEL_CONSTRUCTORS = /^(std::sync::mpsc|tokio::sync::mpsc|futures(_channel)?::channel::mpsc|futures_channel::mpsc|crossbeam_channel|crossbeam::channel|flume|async_channel|async_std::channel|kanal)::(channel|sync_channel|unbounded_channel|bounded|unbounded|bounded_async|unbounded_async)$/;
export const isChannelConstructor = (resolved: string): boolean => CHANNEL_CONSTRUCTORS.test(resolved.replace(/^::/, ''));

/**
 * A channel receiver's methods that take the next message(s) and report the channel closed once every
 * sender is gone (`None`, `Err`, or `0` messages for tokio's `recv_many`), and futures' `StreamExt::next`.
 */
export const CHANNEL_RECEIVE_METHODS: ReadonlySet<string> = new Set(['recv', 'recv_many', 'recv_async', 'next']);
export const isChannelReceiveMethod = (method: string): boolean => CHANNEL_RECEIVE_METHODS.has(method);
