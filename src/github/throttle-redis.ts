/**
 * Probot's throttling shares its limits through Redis with Bottleneck 2.19.5, which recovers from a
 * Redis that lost its keys (restarted empty, flushed, failed over) by matching the script errors
 * `UNKNOWN_CLIENT` and `SETTINGS_KEY_NOT_FOUND` exactly. Redis 7 prefixes script errors with `ERR `,
 * so the match fails, Bottleneck never re-registers, and every GitHub request of the App is rejected
 * with `ERR SETTINGS_KEY_NOT_FOUND` until the process restarts (issue 20: no check runs for minutes
 * while webhooks were answered 2xx).
 *
 * We wrap (not replace) Bottleneck's IORedisConnection: the callback of every script call gets the
 * error with the prefix removed, so Bottleneck's own recovery (init, register_client, retry) runs.
 * ioredis reconnects and re-subscribes by itself, and reloads the scripts (NOSCRIPT -> EVAL).
 */

interface ScriptConnection {
  __scriptArgs__(name: string, id: string, args: unknown[], cb: (err: Error | null, replies?: unknown) => void): unknown[];
}

const REPAIRED = Symbol.for('rust-review.bottleneck-redis-repaired');
const RECOVERABLE = /^ERR (UNKNOWN_CLIENT|SETTINGS_KEY_NOT_FOUND)\b/;

/** Makes a Bottleneck Redis connection recover from an emptied Redis 7; returns it (idempotent). */
export function repairBottleneckRedis<T>(connection: T): T {
  const c = connection as unknown as ScriptConnection & { [REPAIRED]?: true };
  if (!c || typeof c.__scriptArgs__ !== 'function' || c[REPAIRED]) return connection;
  const original = c.__scriptArgs__.bind(c);
  c.__scriptArgs__ = (name, id, args, cb) =>
    original(name, id, args, (err, replies) => {
      const m = err ? RECOVERABLE.exec(err.message) : null;
      if (err && m) err.message = m[1]!;
      cb(err, replies);
    });
  c[REPAIRED] = true;
  return connection;
}
