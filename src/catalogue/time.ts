/**
 * Time as tests and code handle it: how a span of time is built (`Duration::from_secs(2)`,
 * `TimeDelta::minutes(5)`), the calls that bound a wait rather than give the code a period
 * (`tokio::time::timeout(d, fut)`), and the calls that read a clock (`Utc::now()`).
 * Each name is written once, here.
 */

/** Types whose associated fns build a span of time (std, tokio and `time`'s `Duration`, chrono's `TimeDelta`). */
export const DURATION_TYPES: readonly string[] = ['Duration', 'TimeDelta'];

/** The associated fns of those types that build a span (`from_millis`, chrono's `seconds` / `minutes`). */
export const DURATION_CONSTRUCTORS: readonly string[] = [
  'new', 'from_secs', 'from_millis', 'from_micros', 'from_nanos', 'from_secs_f32', 'from_secs_f64', 'from_mins', 'from_hours',
  'seconds', 'minutes', 'hours', 'days', 'weeks', 'milliseconds', 'microseconds', 'nanoseconds', 'try_seconds', 'try_minutes', 'try_milliseconds',
];

/**
 * Calls (last path segment) whose duration argument bounds how long the test waits, not a period the
 * code under test measures: a timeout around a future, a sleep, a poll interval of a retry helper's own.
 */
export const WAIT_BOUND_FUNCTIONS: readonly string[] = ['timeout', 'timeout_at', 'sleep', 'sleep_until', 'sleep_ms', 'after'];

/** Calls that read a clock (type and associated fn): a sleep right before one makes the reading strictly later. */
export const CLOCK_READS: readonly string[] = ['Utc::now', 'Local::now', 'Instant::now', 'SystemTime::now', 'OffsetDateTime::now_utc', 'chrono::Utc::now'];

const durationTypes = new Set(DURATION_TYPES);
const durationConstructors = new Set(DURATION_CONSTRUCTORS);
const waitBounds = new Set(WAIT_BOUND_FUNCTIONS);

/** `Duration::from_secs`, `std::time::Duration::new`, `chrono::TimeDelta::minutes` (a callee path as written). */
export function isDurationConstructor(callee: string): boolean {
  const parts = callee.replace(/\s+/g, '').split('::');
  return parts.length >= 2 && durationTypes.has(parts.at(-2)!) && durationConstructors.has(parts.at(-1)!);
}

/** `tokio::time::timeout`, `sleep` (a callee path as written or resolved): its duration bounds a wait. */
export function isWaitBound(callee: string): boolean {
  return waitBounds.has(callee.slice(callee.lastIndexOf(':') + 1));
}

/** `Utc::now`, `chrono::Utc::now`, `Instant::now` (a callee path as written or resolved). */
export function isClockRead(callee: string): boolean {
  const path = callee.replace(/\s+/g, '').replace(/^::/, '');
  return CLOCK_READS.some((c) => path === c || path.endsWith(`::${c}`));
}

/** Text that may mention a span being built (a cheap test before a closer look, e.g. inside a macro's tokens). */
export const DURATION_TEXT = new RegExp(String.raw`\b(${DURATION_TYPES.join('|')})\s*::\s*(${DURATION_CONSTRUCTORS.join('|')})\s*\(`);
