/**
 * Benchmark of the LLM passes' token use: a 30-file PR reviewed twice through the real pipeline and the
 * real Anthropic SDK, against the local fake API (which simulates prompt caching: prefixes up to each
 * cache_control breakpoint are written once and read afterwards, 512-token minimum). The second push
 * changes one file. Reports tokens per role pass and the cache hit rate of both runs, and checks that the
 * second run sends at most 20% of the first run's uncached input tokens.
 *
 * The rule passes are switched off by default so that the figures (and the run time) are the LLM
 * passes' own; `--with-rules` runs them too.
 *
 *   npx tsx bench/llm-cache.ts [--json] [--with-rules]
 */
import { pathToFileURL } from 'node:url';
import type { DiffLine, FileDiff } from '../src/diff/model.js';
import { createLlmPass, MemoryCache, type CallEvent } from '../src/llm/index.js';
import type { ChangeSource } from '../src/review/change-source.js';
import { ROLES, type Role } from '../src/review/finding.js';
import { runReview } from '../src/review/pipeline.js';
import type { LlmStatus } from '../src/review/result.js';
import { findingsReply, startFakeAnthropic } from '../test/fakes/anthropic/server.js';

export const FILES = 30;
export const MAX_SECOND_RUN_SHARE = 0.2;

interface RoleRow {
  calls: number;
  uncachedInput: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
}

export interface RunReport {
  calls: number;
  byRole: Record<Role, RoleRow>;
  /** input_tokens + cache_creation_input_tokens: what was sent and not read from the cache. */
  uncachedInput: number;
  cacheRead: number;
  totalInput: number;
  /** cache_read / total input. */
  cacheHitRate: number;
  findings: number;
  status: LlmStatus;
  ms: number;
}

export interface BenchReport {
  files: number;
  first: RunReport;
  second: RunReport;
  /** second.uncachedInput / first.uncachedInput */
  secondRunShare: number;
  pass: boolean;
}

/** One generated source file of the PR; `variant` changes a line of its body (the second push). */
export function sourceFile(i: number, variant = 0): { path: string; text: string } {
  const kind = i % 3;
  const n = String(i).padStart(2, '0');
  if (kind === 0) {
    const lines = [
      `//! Orders endpoints, part ${n}.`,
      'use axum::{extract::{Path, State}, http::StatusCode, Json};',
      'use sqlx::PgPool;',
      'use std::sync::Arc;',
      '',
      '#[derive(Clone)]',
      `pub struct AppState${n} {`,
      '    pub pool: PgPool,',
      '    pub settings: Arc<Settings>,',
      '}',
      '',
    ];
    for (let f = 0; f < 6; f++) {
      lines.push(
        `pub async fn list_orders_${n}_${f}(State(app): State<AppState${n}>, Path(customer): Path<i64>) -> Result<Json<Vec<Order>>, StatusCode> {`,
        `    let settings = app.settings.clone();`,
        `    let rows = sqlx::query_as::<_, Order>("SELECT id, customer_id, total_cents, status FROM orders WHERE customer_id = $1 ORDER BY id DESC LIMIT $2")`,
        '        .bind(customer)',
        `        .bind(settings.page_size as i64 + ${f + variant})`,
        '        .fetch_all(&app.pool)',
        '        .await',
        '        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;',
        '    let mut out = Vec::with_capacity(rows.len());',
        '    for row in rows {',
        '        if row.status != "deleted" {',
        '            out.push(row.clone());',
        '        }',
        '    }',
        '    Ok(Json(out))',
        '}',
        '',
      );
    }
    return { path: `src/handlers/orders_${n}.rs`, text: lines.join('\n') };
  }
  if (kind === 1) {
    const lines = [`//! Pricing rules, part ${n}.`, 'use std::collections::HashMap;', '', `pub struct Pricer${n} {`, '    rates: HashMap<String, f64>,', '    names: Vec<String>,', '}', '', `impl Pricer${n} {`];
    for (let f = 0; f < 7; f++) {
      lines.push(
        `    pub fn price_${f}(&self, sku: &str, quantity: u32) -> Option<u64> {`,
        '        let names = self.names.clone();',
        '        let known = names.iter().any(|n| n == sku);',
        '        if !known {',
        '            return None;',
        '        }',
        `        let rate = self.rates.get(sku).copied().unwrap_or(${f + 1}.0 + ${variant}.0);`,
        '        let cents = (rate * quantity as f64 * 100.0).round() as u64;',
        '        Some(cents)',
        '    }',
        '',
      );
    }
    lines.push('}', '');
    return { path: `src/pricing/pricer_${n}.rs`, text: lines.join('\n') };
  }
  const lines = [`//! Tests, part ${n}.`, 'use super::*;', ''];
  for (let f = 0; f < 8; f++) {
    lines.push(
      '#[tokio::test]',
      `async fn returns_orders_${n}_${f}() {`,
      '    let app = test_app().await;',
      `    let response = app.get("/customers/${f + variant}/orders").await;`,
      '    assert!(response.status().is_success());',
      '    let body: Vec<Order> = response.json().await;',
      `    assert_eq!(body.len(), ${f});`,
      '}',
      '',
    );
  }
  return { path: `tests/api_${n}.rs`, text: lines.join('\n') };
}

function addedDiff(path: string, text: string): FileDiff {
  const lines: DiffLine[] = text.split('\n').map((t, i) => ({ kind: 'add', newLine: i + 1, text: t }));
  return { path, status: 'added', binary: false, hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: lines.length, section: '', lines }] };
}

const RULES_OFF = `rules:\n${ROLES.map((r) => `  '${r}/*': off`).join('\n')}\n`;

function prSource(changed: number | undefined, withRules: boolean): ChangeSource {
  const files = Array.from({ length: FILES }, (_, i) => sourceFile(i, i === changed ? 1 : 0));
  const heads = new Map(files.map((f) => [f.path, f.text]));
  return {
    listFiles: async () => files.map((f) => addedDiff(f.path, f.text)),
    headPaths: async () => [...heads.keys()],
    readHead: async (p) => (heads.has(p) ? new TextEncoder().encode(heads.get(p)!) : undefined),
    readBase: async () => undefined,
    readConfig: async () => (withRules ? undefined : RULES_OFF),
  };
}

export async function runLlmCacheBench(o: { withRules?: boolean } = {}): Promise<BenchReport> {
  // The fake model answers like a reviewer would: a grounded finding now and then, usually nothing.
  const fake = await startFakeAnthropic((req) => {
    const findings: unknown[] = [];
    for (const [path, added] of req.added) {
      for (const [line, text] of added) {
        if (req.role === 'ownership' && text.includes('self.names.clone()')) {
          findings.push({ path, line, quote: text.trim(), severity: 'warning', message: '`self.names` is cloned on every call only to be searched', rationale: 'Each price lookup allocates a copy of every name.', fix: 'Iterate `self.names` by reference.', confidence: 0.85 });
          break;
        }
      }
    }
    return findingsReply(findings.slice(0, 5));
  });
  const events: CallEvent[] = [];
  const pass = createLlmPass({ apiKey: 'bench', baseURL: fake.baseURL, cache: new MemoryCache(), onCall: (e) => events.push(e), attemptTimeoutMs: 10_000 })!;
  const runOnce = async (changed?: number): Promise<RunReport> => {
    events.length = 0;
    const t0 = Date.now();
    const result = await runReview(prSource(changed, o.withRules ?? false), { llm: pass });
    return report(events, result.llm, result.inline.filter((f) => f.source === 'llm').length, Date.now() - t0);
  };
  try {
    const first = await runOnce();
    const second = await runOnce(7);
    const secondRunShare = first.uncachedInput ? second.uncachedInput / first.uncachedInput : 1;
    const complete = !first.status.filesNotReviewed?.length && first.status.state === 'ran';
    return { files: FILES, first, second, secondRunShare, pass: complete && secondRunShare <= MAX_SECOND_RUN_SHARE };
  } finally {
    await fake.close();
  }
}

function report(events: CallEvent[], status: LlmStatus, findings: number, ms: number): RunReport {
  const byRole = Object.fromEntries(ROLES.map((r) => [r, { calls: 0, uncachedInput: 0, cacheWrite: 0, cacheRead: 0, output: 0 }])) as Record<Role, RoleRow>;
  for (const e of events) {
    const row = byRole[e.role];
    row.calls++;
    row.uncachedInput += e.usage.input + e.usage.cacheWrite;
    row.cacheWrite += e.usage.cacheWrite;
    row.cacheRead += e.usage.cacheRead;
    row.output += e.usage.output;
  }
  const uncachedInput = events.reduce((n, e) => n + e.usage.input + e.usage.cacheWrite, 0);
  const cacheRead = events.reduce((n, e) => n + e.usage.cacheRead, 0);
  const totalInput = uncachedInput + cacheRead;
  return { calls: events.length, byRole, uncachedInput, cacheRead, totalInput, cacheHitRate: totalInput ? cacheRead / totalInput : 0, findings, status, ms };
}

export function formatReport(r: BenchReport): string {
  const out: string[] = [`LLM passes, ${r.files}-file PR reviewed twice (the second push changes one file); tokens as the fake API's cache simulation counts them.`, ''];
  for (const [name, run] of [['first review', r.first], ['second review', r.second]] as const) {
    out.push(`${name}: LLM status ${run.status.state}${run.status.filesNotReviewed?.length ? ` (${run.status.filesNotReviewed.length} files over budget)` : ''}, ${run.calls} calls, ${run.totalInput} input tokens (${run.uncachedInput} uncached, ${run.cacheRead} read from the prompt cache: hit rate ${(run.cacheHitRate * 100).toFixed(1)}%), ${run.findings} LLM findings, cost ≈ $${(run.status.costUsd ?? 0).toFixed(4)} at Sonnet 5.5 prices, ${run.ms} ms`);
    out.push('  role          calls  uncached in  cache write  cache read  output');
    for (const role of ROLES) {
      const row = run.byRole[role];
      out.push(`  ${role.padEnd(12)} ${String(row.calls).padStart(6)} ${String(row.uncachedInput).padStart(12)} ${String(row.cacheWrite).padStart(12)} ${String(row.cacheRead).padStart(11)} ${String(row.output).padStart(7)}`);
    }
    out.push('');
  }
  out.push(`second run's uncached input / first run's: ${(r.secondRunShare * 100).toFixed(1)}% (limit ${MAX_SECOND_RUN_SHARE * 100}%): ${r.pass ? 'PASS' : 'FAIL'}`);
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runLlmCacheBench({ withRules: process.argv.includes('--with-rules') });
  console.log(process.argv.includes('--json') ? JSON.stringify(r, null, 2) : formatReport(r));
  process.exitCode = r.pass ? 0 : 1;
}
