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
