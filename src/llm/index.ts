/**
 * The LLM-assisted reviewer passes (Anthropic). `createLlmPass()` gives the pipeline's step 6, or
 * undefined when there is no API key: the passes are off by default and on with ANTHROPIC_API_KEY
 * (the base URL follows ANTHROPIC_BASE_URL, as the SDK's does). The CLI and the App inject it.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { LlmPass } from '../review/pipeline.js';
import { cacheFromEnv, type LlmCache } from './cache.js';
import { CANCELLED, runLlmPasses, SpendPause, type CallEvent, type LlmLogger } from './pass.js';
import { loadPrompts } from './prompts.js';

export { MemoryCache, RedisCache, cacheFromEnv, type LlmCache, type RedisLike } from './cache.js';
export type { CallEvent, LlmLogger } from './pass.js';
export { MODELS, modelInfo, costUsd } from './models.js';

export interface CreateLlmPassOptions {
  /** Default: ANTHROPIC_API_KEY. Without a key there is no LLM pass. */
  apiKey?: string;
  /** Default: ANTHROPIC_BASE_URL, else the SDK's default. */
  baseURL?: string;
  /** A fetch implementation for the SDK (tests). */
  fetch?: typeof fetch;
  /** Result cache; default: Redis when REDIS_URL is set, else in memory. */
  cache?: LlmCache;
  logger?: LlmLogger;
  /** Environment to read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Deadline for all calls of one review in ms (default: the config's `llm.timeout_seconds`). */
  deadlineMs?: number;
  /** Time allowed to one HTTP attempt (default 120 s). */
  attemptTimeoutMs?: number;
  /** First backoff step between retries (default 1 s). */
  retryBaseMs?: number;
  /** How long a spend-limit error pauses LLM calls (default 1 hour). */
  spendLimitPauseMs?: number;
  /** Concurrent API calls (default 4). */
  concurrency?: number;
  /** max_tokens per call, thinking included (default 16,000). */
  maxOutputTokens?: number;
  /** Called after each API call (benchmarks, metrics). */
  onCall?: (e: CallEvent) => void;
  now?: () => number;
}

const SILENT: LlmLogger = { debug: () => {}, warn: () => {} };

export function createLlmPass(options: CreateLlmPassOptions = {}): LlmPass | undefined {
  return createLlmPassFactory(options)?.({});
}

/**
 * For the App (`createApp({ createLlmPass: createLlmPassFactory() })`): the client, the result cache
 * and the spend-limit pause are made once, here; each review gets a pass that logs to its own logger.
 * Undefined when there is no API key.
 */
export function createLlmPassFactory(options: CreateLlmPassOptions = {}): ((ctx: { log?: LlmLogger }) => LlmPass) | undefined {
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? env.ANTHROPIC_API_KEY;
  if (!apiKey) return undefined;
  const baseLogger = options.logger ?? SILENT;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 120_000;
  const client = new Anthropic({
    apiKey,
    baseURL: options.baseURL ?? env.ANTHROPIC_BASE_URL ?? undefined,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    maxRetries: 0,
    timeout: attemptTimeoutMs,
  });
  const cache = options.cache ?? cacheFromEnv(env, (e) => baseLogger.warn({ err: String(e) }, 'llm: result cache unavailable; continuing without it'));
  const pause = new SpendPause(cache, options.spendLimitPauseMs ?? 3_600_000);
  const prompts = loadPrompts();
  return (ctx) => async (input) => {
    const logger = ctx.log ?? baseLogger;
    try {
      return await runLlmPasses(input, {
        client,
        cache,
        prompts,
        pause,
        logger,
        deadlineMs: options.deadlineMs,
        attemptTimeoutMs,
        retryBaseMs: options.retryBaseMs ?? 1_000,
        concurrency: options.concurrency ?? 4,
        maxOutputTokens: options.maxOutputTokens ?? 16_000,
        now: options.now ?? Date.now,
        onCall: options.onCall,
      });
    } catch (e) {
      if (input.signal?.aborted) return { findings: [], status: { state: 'unavailable', reason: CANCELLED } };
      logger.warn({ err: e instanceof Error ? e.stack : String(e) }, 'llm: pass failed');
      return { findings: [], status: { state: 'unavailable', reason: `internal error in the LLM pass: ${e instanceof Error ? e.message : String(e)}` } };
    }
  };
}
