/**
 * One Messages API call, retried within a deadline. The SDK's own retries are off (maxRetries: 0) so that
 * the deadline, not the SDK's attempt count, bounds a review: 429 / 529 / 5xx / 408 / 409 / timeouts /
 * connection errors are retried with the server's retry-after or exponential backoff while the deadline
 * allows; a spend limit is never retried (the caller pauses LLM calls); anything else is a bug or a
 * configuration error and fails at once.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';

export type FailureKind = 'unavailable' | 'spend-limit' | 'rejected' | 'deadline';

export class LlmCallError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly requestId?: string | null,
  ) {
    super(message);
  }
}

export interface CallTiming {
  /** Epoch ms after which no attempt starts and no retry waits. */
  deadline: number;
  /** Time allowed to one attempt (ms). */
  attemptTimeoutMs: number;
  /** First backoff step (ms), doubled per retry, at most 8 s. */
  retryBaseMs: number;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

export async function callWithRetry(client: Anthropic, params: MessageCreateParamsNonStreaming, t: CallTiming): Promise<Message> {
  const now = t.now ?? Date.now;
  const sleep = t.sleep ?? abortableSleep;
  let lastReason = 'no attempt was made';
  for (let attempt = 0; ; attempt++) {
    const remaining = t.deadline - now();
    if (remaining < 50 || t.signal?.aborted) throw new LlmCallError('deadline', `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} within the deadline (last: ${lastReason})`);
    const cutByDeadline = remaining < t.attemptTimeoutMs;
    try {
      return await client.messages.create(params, { timeout: Math.min(t.attemptTimeoutMs, remaining), maxRetries: 0, signal: t.signal });
    } catch (e) {
      const c = classify(e);
      if (c.kind !== 'retry') throw new LlmCallError(c.kind, c.reason, e instanceof Anthropic.APIError ? e.requestID : undefined);
      // An attempt the deadline cut short says nothing about the API: keep the reason the earlier attempts gave.
      const timedOutAtDeadline = cutByDeadline && e instanceof Anthropic.APIConnectionTimeoutError;
      if (!timedOutAtDeadline || attempt === 0) lastReason = c.reason;
      const delay = retryDelay(e, attempt, t.retryBaseMs);
      if (now() + delay >= t.deadline - 50) throw new LlmCallError('deadline', `gave up after ${attempt + 1} attempt${attempt ? 's' : ''} within the deadline (last: ${lastReason})`);
      t.onRetry?.(attempt + 1, c.reason, delay);
      await sleep(delay, t.signal).catch(() => {});
    }
  }
}

function classify(e: unknown): { kind: 'retry' | FailureKind; reason: string } {
  if (e instanceof Anthropic.APIUserAbortError) return { kind: 'deadline', reason: 'aborted at the deadline' };
  if (e instanceof Anthropic.APIConnectionTimeoutError) return { kind: 'retry', reason: 'the request timed out' };
  if (e instanceof Anthropic.APIConnectionError) return { kind: 'retry', reason: 'could not connect to the API' };
  if (e instanceof Anthropic.APIError) {
    const what = `${e.status}${e.type ? ` ${e.type}` : ''}`;
    if (e.status === 402 || /spend_limit/.test(e.errorCode ?? '')) return { kind: 'spend-limit', reason: `spend limit reached (${e.errorCode ?? what})` };
    if (e.status === 429) return { kind: 'retry', reason: `rate limited (${what})` };
    if (e.status === 529) return { kind: 'retry', reason: `the API is overloaded (${what})` };
    if (e.status === 408 || e.status === 409 || (e.status !== undefined && e.status >= 500)) return { kind: 'retry', reason: `the API failed (${what})` };
    if (e.status === undefined) return { kind: 'retry', reason: `the API failed (${e.type ?? 'stream error'})` };
    return { kind: 'rejected', reason: `the API rejected the request (${what}: ${e.apiMessage ?? 'no message'})` };
  }
  return { kind: 'rejected', reason: `unexpected error: ${e instanceof Error ? e.message : String(e)}` };
}

/** retry-after-ms, else retry-after (seconds or a date), else exponential backoff with jitter; capped at 60 s. */
function retryDelay(e: unknown, attempt: number, baseMs: number): number {
  const headers = e instanceof Anthropic.APIError ? e.headers : undefined;
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.min(ms, 60_000);
  const after = headers?.get('retry-after');
  if (after) {
    const secs = Number(after);
    const fromDate = Date.parse(after) - Date.now();
    const v = Number.isFinite(secs) ? secs * 1000 : fromDate;
    if (Number.isFinite(v) && v > 0) return Math.min(v, 60_000);
  }
  return Math.min(baseMs * 2 ** attempt, 8_000) * (0.75 + Math.random() * 0.25);
}

/** The listener goes when the time is up: a review's signal outlives many retries. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
