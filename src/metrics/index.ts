/**
 * Prometheus metrics (prom-client), one registry per App instance, served on `GET /metrics`.
 *
 *   rust_review_reviews_total{outcome}                 success | failure | neutral | skipped | superseded | retry | error | closed | duplicate
 *   rust_review_review_duration_seconds{outcome}       job start to check run completed
 *   rust_review_queue_depth{state}                     waiting | running | delayed (read when scraped)
 *   rust_review_webhooks_total{event,outcome}          accepted | duplicate
 *   rust_review_github_requests_total{method,route,status}
 *   rust_review_github_request_duration_seconds{method,route}
 *   rust_review_llm_requests_total{role,outcome}
 *   rust_review_llm_request_duration_seconds{role}
 *   rust_review_llm_tokens_total{role,kind}
 *   rust_review_findings_total{rule,severity}          findings reported by reviews
 *   rust_review_tree_reader_fallback                   1 when trees are read through web-tree-sitter's
 *                                                      public API instead of the memory reader
 *   rust_review_tree_reader_fallback_trees_total       trees read that way (all threads)
 *   plus prom-client's default process metrics (RSS, heap, event-loop lag, GC).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GitHubRequestEvent } from '../github/resilience.js';
import { treeReader } from '../rust/tree-memory.js';

export interface QueueDepth {
  waiting: number;
  running: number;
  delayed?: number;
}

export interface LlmCallEvent {
  role: string;
  durationMs: number;
  ok: boolean;
  usage?: { input: number; output: number; cacheRead: number; cacheWrite: number };
}

export class Metrics {
  readonly registry = new Registry();
  readonly reviews = new Counter({ name: 'rust_review_reviews_total', help: 'Review jobs by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly reviewDuration = new Histogram({ name: 'rust_review_review_duration_seconds', help: 'Review job duration (start to check run completed)', labelNames: ['outcome'] as const, buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300], registers: [this.registry] });
  readonly webhooks = new Counter({ name: 'rust_review_webhooks_total', help: 'Webhook deliveries handled', labelNames: ['event', 'outcome'] as const, registers: [this.registry] });
  readonly githubRequests = new Counter({ name: 'rust_review_github_requests_total', help: 'HTTP requests to GitHub (each attempt)', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
  readonly githubLatency = new Histogram({ name: 'rust_review_github_request_duration_seconds', help: 'GitHub request latency (each attempt)', labelNames: ['method', 'route'] as const, buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  readonly llmRequests = new Counter({ name: 'rust_review_llm_requests_total', help: 'LLM API calls', labelNames: ['role', 'outcome'] as const, registers: [this.registry] });
  readonly llmLatency = new Histogram({ name: 'rust_review_llm_request_duration_seconds', help: 'LLM API call latency', labelNames: ['role'] as const, buckets: [0.5, 1, 2.5, 5, 10, 20, 40, 80, 160], registers: [this.registry] });
  readonly llmTokens = new Counter({ name: 'rust_review_llm_tokens_total', help: 'LLM tokens', labelNames: ['role', 'kind'] as const, registers: [this.registry] });
  readonly findings = new Counter({ name: 'rust_review_findings_total', help: 'Findings reported by reviews, by rule', labelNames: ['rule', 'severity'] as const, registers: [this.registry] });
  readonly #depthSources: (() => Promise<QueueDepth> | QueueDepth)[] = [];

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const sources = this.#depthSources;
    new Gauge({
      name: 'rust_review_queue_depth',
      help: 'Review jobs in the queue (for a shared queue: all replicas)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const source of sources) {
          const d = await source();
          this.inc({ state: 'waiting' }, d.waiting);
          this.inc({ state: 'running' }, d.running);
          this.inc({ state: 'delayed' }, d.delayed ?? 0);
        }
      },
    });
    new Gauge({
      name: 'rust_review_tree_reader_fallback',
      help: "1 when trees are read through web-tree-sitter's public API (slower) instead of the memory reader",
      registers: [this.registry],
      collect() {
        this.set(treeReader().reader === 'api' ? 1 : 0);
      },
    });
    new Counter({
      name: 'rust_review_tree_reader_fallback_trees_total',
      help: "Trees read through web-tree-sitter's public API because the memory reader was off or refused them (all threads)",
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(treeReader().fallbackTrees);
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'rust_review_' });
  }

  queueDepthFrom(source: () => Promise<QueueDepth> | QueueDepth): void {
    this.#depthSources.push(source);
  }

  githubRequest = (e: GitHubRequestEvent): void => {
    this.githubRequests.inc({ method: e.method, route: e.route, status: String(e.status) });
    this.githubLatency.observe({ method: e.method, route: e.route }, e.ms / 1000);
  };

  llmCall = (e: LlmCallEvent): void => {
    this.llmRequests.inc({ role: e.role, outcome: e.ok ? 'ok' : 'error' });
    this.llmLatency.observe({ role: e.role }, e.durationMs / 1000);
    const u = e.usage;
    if (u) {
      for (const kind of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) if (u[kind]) this.llmTokens.inc({ role: e.role, kind }, u[kind]);
    }
  };

  review(outcome: string, seconds?: number): void {
    this.reviews.inc({ outcome });
    if (seconds !== undefined) this.reviewDuration.observe({ outcome }, seconds);
  }

  finding(rule: string, severity: string): void {
    this.findings.inc({ rule, severity });
  }

  /** A Probot server handler for `GET /metrics` (pass to `addHandler`). */
  handler(path = '/metrics') {
    return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== path) return false;
      try {
        const text = await this.registry.metrics();
        res.writeHead(200, { 'content-type': this.registry.contentType });
        res.end(text);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
      return true;
    };
  }
}
