/**
 * How the App's Octokit meets GitHub's faults. Probot's Octokit already has the retry plugin (5xx,
 * 3 retries) and the throttling plugin (writes spaced, primary limits retried twice), but Probot's
 * throttle handler does not retry secondary rate limits, retries a primary limit whatever the wait,
 * and nothing bounds a request that hangs. `resilientOctokit()` returns a ProbotOctokit class that:
 *
 *   - gives every HTTP attempt a timeout (a hang becomes a retried 500-class error);
 *   - retries 5xx, timeouts and network errors with backoff (1 s, 4 s, 9 s by default);
 *   - honours primary (`x-ratelimit-reset`) and secondary (`retry-after`) rate limits in-process when
 *     the wait is short, and gives up (so that the review is retried later from the queue, see
 *     `retryAfterMs`) when it is long;
 *   - reports every attempt (method, route, status, duration) for the metrics.
 *
 * With REDIS_URL, Probot's own throttle options carry the Bottleneck Redis connection; they are kept,
 * the connection wrapped so that it survives a Redis restarted empty (./throttle-redis.ts).
 */
import { ProbotOctokit } from 'probot';
import { repairBottleneckRedis } from './throttle-redis.js';

export interface GitHubRequestEvent {
  method: string;
  /** Low-cardinality route: `/repos/:owner/:repo/pulls/:n/files`, `graphql:RustReviewBlobs`. */
  route: string;
  /** HTTP status, or 0 when no response came (timeout, network). */
  status: number;
  ms: number;
}

interface LogLike {
  warn(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
}

export interface ResilienceOptions {
  log?: LogLike;
  /** Time one HTTP attempt may take before it is abandoned and retried (default GITHUB_TIMEOUT_MS or 30 s). */
  timeoutMs?: number;
  /** Retries of 5xx / timeouts / network errors (default 3). */
  retries?: number;
  /** Backoff unit of those retries: waits are unit × 1, 4, 9 (default 1,000 ms). */
  retryBaseMs?: number;
  /** Retries of a rate-limited request, primary or secondary (default 3). */
  rateLimitRetries?: number;
  /** Longest rate-limit wait honoured in-process; longer ones fail the request (default 60 s). */
  maxRateLimitWaitSeconds?: number;
  /** Every HTTP attempt, for the metrics. */
  onRequest?: (e: GitHubRequestEvent) => void;
  /**
   * Longest a whole request may take, throttle queue, retries and rate-limit waits included
   * (default GITHUB_DEADLINE_MS or 10 min). A request queued in Bottleneck when Redis went away can
   * wait for ever otherwise, holding its review (and the pull request's lock) with it.
   */
  deadlineMs?: number;
}

export class GitHubTimeoutError extends Error {
  constructor(readonly method: string, readonly route: string, readonly timeoutMs: number) {
    super(`GitHub did not answer within ${timeoutMs} ms (${method} ${route})`);
    this.name = 'GitHubTimeoutError';
  }
}

export function resilientOctokit(options: ResilienceOptions = {}): typeof ProbotOctokit {
  const timeoutMs = options.timeoutMs ?? (Number(process.env.GITHUB_TIMEOUT_MS) || 30_000);
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const shouldRetry = (kind: 'primary' | 'secondary', log: LogLike | undefined) => (retryAfter: number, req: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
    const retry = retryCount < rateLimitRetries && retryAfter <= maxWait;
    log?.warn({ rateLimit: kind, retryAfter, retryCount, request: `${req.method} ${req.url}`, retry }, retry ? `GitHub ${kind} rate limit: retrying in ${retryAfter} s` : `GitHub ${kind} rate limit: giving up on this request`);
    return retry;
  };
  const deadlineMs = options.deadlineMs ?? (Number(process.env.GITHUB_DEADLINE_MS) || 600_000);
  const Deadlined = ProbotOctokit.plugin((octokit: any) => {
    // Registered last, so outermost: around the throttle queue and the retries.
    octokit.hook.wrap('request', async (request: (o: unknown) => Promise<unknown>, opts: { method?: string; url?: string; request?: { fetch?: typeof fetch; parseSuccessResponseBody?: boolean } }) => {
      // Every layer inside this one is bound to this same options object: what is set here, they all see.
      if (opts.request?.parseSuccessResponseBody !== false) opts.request = { ...opts.request, parseSuccessResponseBody: false, fetch: parsingFetch(opts.request?.fetch ?? globalThis.fetch) };
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GitHubTimeoutError(opts.method ?? 'GET', routeOf(opts.url ?? ''), deadlineMs)), deadlineMs);
      });
      try {
        return await Promise.race([request(opts), deadline]);
      } finally {
        clearTimeout(timer);
      }
    });
    return {};
  });
  return Deadlined.defaults((o: any) => ({
    ...o,
    request: { ...o.request, fetch: instrumentedFetch(o.request?.fetch ?? globalThis.fetch, timeoutMs, options.onRequest) },
    retry: { ...o.retry, retries: options.retries ?? 3, ...(options.retryBaseMs !== undefined ? { retryAfterBaseValue: options.retryBaseMs } : {}) },
    throttle:
      o.throttle?.enabled === false
        ? o.throttle
        : {
            ...o.throttle,
            // With REDIS_URL: Bottleneck's connection, wrapped to survive a Redis restarted empty (./throttle-redis.ts).
            ...(o.throttle?.connection ? { connection: repairBottleneckRedis(o.throttle.connection) } : {}),
            onRateLimit: shouldRetry('primary', options.log ?? o.log),
            onSecondaryRateLimit: shouldRetry('secondary', options.log ?? o.log),
          },
  })) as typeof ProbotOctokit;
}

/**
 * A fetch whose successful answers carry their body already decoded, with the native JSON parser,
 * for @octokit/request told not to parse (`parseSuccessResponseBody: false`: it hands `body` on as
 * the response's data). Octokit's own parser (json-with-bigint, for integers beyond 2^53, which
 * GitHub does not send) runs a regular expression over the whole text and a reviver over every value
 * on the thread that answers webhooks: about 130 ms for one 800 KB file of a blob query, 30 ms for a
 * 600 KB one, seconds for a batch of large files or pages of large patches. The body is decoded as
 * Octokit decodes it (by content type: JSON, text or bytes), innermost, so that the retry and
 * throttling plugins still read GraphQL errors from it. Errors and bodiless answers are left as they
 * are (Octokit parses those itself).
 */
export function parsingFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (res.status < 200 || res.status >= 300 || res.status === 204 || res.status === 205 || method === 'HEAD') return res;
    const body = await decodeBody(res);
    return { status: res.status, url: res.url, headers: res.headers, body } as unknown as Response;
  };
}

/** As @octokit/request's getResponseData, with JSON.parse. */
async function decodeBody(res: Response): Promise<unknown> {
  const contentType = res.headers.get('content-type');
  if (!contentType) return res.text().catch(() => '');
  const [type = ''] = contentType.toLowerCase().split(';').map((s) => s.trim());
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (type === 'application/json' || type === 'application/scim+json') {
    let text = '';
    try {
      text = await res.text();
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith('text/') || (charset === 'utf-8' && type !== 'application/octet-stream')) return res.text().catch(() => '');
  return res.arrayBuffer().catch(() => new ArrayBuffer(0));
}

/** A fetch with a per-attempt timeout that reports each attempt. */
export function instrumentedFetch(inner: typeof fetch, timeoutMs: number, onRequest?: (e: GitHubRequestEvent) => void): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    const route = routeOf(url, init?.body);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const started = performance.now();
    try {
      const res = await inner(input, { ...init, signal });
      onRequest?.({ method, route, status: res.status, ms: performance.now() - started });
      return res;
    } catch (err) {
      onRequest?.({ method, route, status: 0, ms: performance.now() - started });
      if (timeout.aborted && !init?.signal?.aborted) throw new GitHubTimeoutError(method, route, timeoutMs);
      throw err;
    }
  };
}

/** `/repos/acme/shop/pulls/12/files` -> `/repos/:owner/:repo/pulls/:n/files`; GraphQL by operation name. */
export function routeOf(url: string, body?: unknown): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  path = path.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql$/, '/graphql');
  if (path === '/graphql') {
    const op = typeof body === 'string' ? /"query"\s*:\s*"\s*(?:query|mutation)\s+(\w+)/.exec(body)?.[1] : undefined;
    return `graphql:${op ?? 'anonymous'}`;
  }
  return path
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/:owner/:repo')
    .replace(/\/contents\/.*$/, '/contents/:path')
    .replace(/\/[0-9a-f]{40}(?=\/|$)/g, '/:sha')
    .replace(/\/\d+(?=\/|$)/g, '/:n')
    .replace(/\/(collaborators|commits|branches)\/[^/]+/g, '/$1/:ref');
}

/**
 * When a failed GitHub request says when to come back (a rate limit's `retry-after` or
 * `x-ratelimit-reset`), how long from now in ms; undefined otherwise.
 */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  const headers = (err as { response?: { headers?: Record<string, string | undefined> } } | null)?.response?.headers;
  if (!headers) return undefined;
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after > 0) return after * 1000;
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now) + 1000;
  }
  return undefined;
}

/** A failure worth retrying later: 5xx, a timeout or network error, a rate limit. */
export function isTransient(err: unknown): boolean {
  const e = err as { status?: number; message?: string; name?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e instanceof GitHubTimeoutError || e.cause instanceof GitHubTimeoutError) return true;
  const status = e.status;
  if (typeof status === 'number') {
    if (status >= 500 || status === 429) return true;
    if (status === 403 && (/rate limit/i.test(e.message ?? '') || retryAfterMs(err) !== undefined)) return true;
    return false;
  }
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|fetch failed|socket hang up|other side closed/i.test(e.message ?? '');
}
