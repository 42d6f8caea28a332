/** `rust-review review`: one review of a local repository, printed in the chosen format. */
import fs from 'node:fs';
import path from 'node:path';
import { openGitSource, type GitSource } from '../local/git-source.js';
import { atLeast, type Finding } from '../review/finding.js';
import type { ReviewResult } from '../review/result.js';
import { applyBaseline, BASELINE_FILE, parseBaseline } from '../review/baseline-file.js';
import { openCliCache } from '../cache/cli-cache.js';
import { cachedReview } from '../cache/review-cache.js';
import { applyFixes } from './fix.js';
import { COLOR_CHOICES, useColor, type ColorChoice } from './color.js';
import { FORMATS, render, type Format } from './output.js';
import { isTty, parseCommandArgs, startProgress, UsageError, type CliIo } from './shared.js';
import { REVIEW_USAGE } from './usage.js';
import { packageVersion } from './version.js';
import { boundHeapGrowthForWholeTree } from './heap.js';

export async function review(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs(args, {
    repo: { type: 'string', default: '.' },
    base: { type: 'string' },
    head: { type: 'string' },
    staged: { type: 'boolean', default: false },
    worktree: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
    sarif: { type: 'string' },
    'fail-on': { type: 'string' },
    color: { type: 'string', default: 'auto' },
    baseline: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    fix: { type: 'boolean', default: false },
    llm: { type: 'boolean', default: false },
    'no-llm': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(`${REVIEW_USAGE}\n`);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)} (got \`${values.format}\`)`);
  const failOn = values['fail-on'] as string | undefined;
  if (failOn && !['error', 'warning', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning or never (got \`${failOn}\`)`);
  const color = values.color as ColorChoice;
  if (!COLOR_CHOICES.includes(color)) throw new UsageError(`--color must be auto, always or never (got \`${values.color}\`)`);
  const modes = (['all', 'staged', 'worktree'] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new UsageError(`--${modes[0]} and --${modes[1]} exclude each other`);
  if (values.all && values.base) throw new UsageError('--all reviews the whole tree: it does not take --base');
  if (values.baseline && values['no-baseline']) throw new UsageError('--baseline and --no-baseline exclude each other');
  if (values.llm && values['no-llm']) throw new UsageError('--llm and --no-llm exclude each other');
  if (values.llm && !process.env.ANTHROPIC_API_KEY) throw new UsageError('--llm needs ANTHROPIC_API_KEY in the environment');
  // The LLM passes' modules (the Anthropic SDK, a Redis client) take longer to load than a small
  // review takes to run: loaded only when the passes can run.
  const llm = values['no-llm'] || !process.env.ANTHROPIC_API_KEY ? undefined : await import('../llm/index.js').then((m) => m.createLlmPass({ cache: new m.MemoryCache() }));
  // --llm / --no-llm win over the config's `llm.enabled`; without either the config decides.
  const llmEnabled = values.llm ? true : values['no-llm'] ? false : undefined;

  const source = await openGitSource({
    repo: values.repo as string,
    base: values.base as string | undefined,
    head: values.head as string | undefined,
    all: values.all as boolean,
    staged: values.staged as boolean,
    worktree: values.worktree as boolean,
  });
  if (source.wholeTree) boundHeapGrowthForWholeTree();
  const cache = await openCliCache(values.repo as string, process.env, source.gitCommonDir);
  try {
    const progress = startProgress(io.stderr);
    let result: ReviewResult;
    try {
      // Two commits (or one, for --all) name everything a review reads, unless the LLM passes may run.
      const commits = source.headKind === 'commit' && !llm ? { base: source.wholeTree ? undefined : source.base, head: source.head } : undefined;
      // The pipeline (every rule) loads only when there is something to review.
      result = await cachedReview(cache, commits, async () => (await import('../review/pipeline.js')).runReview(source, { onProgress: progress.update, llm, llmEnabled, analysis: { cache } }));
    } finally {
      progress.stop();
    }
    if (llm && result.llm.state !== 'off') io.stderr.write(`rust-review: LLM passes ${llmNote(result)}\n`);
    if (!values['no-baseline']) result = await withBaseline(result, source, values.baseline as string | undefined);

    if (values.fix) {
      const outcome = await applyFixes(source.root, result.inline, (p) => source.readHead(p).then((b) => (b ? new TextDecoder().decode(b) : undefined)), source.headKind);
      for (const f of outcome.applied) io.stderr.write(`rust-review: fixed ${f.path}:${f.line} [${f.ruleId}] ${f.message}\n`);
      for (const { finding: f, reason } of outcome.left) io.stderr.write(`rust-review: not fixed ${f.path}:${f.line} [${f.ruleId}]: ${reason}\n`);
      const n = outcome.applied.length;
      io.stderr.write(`rust-review: --fix applied ${n} suggestion${n === 1 ? '' : 's'} to the working tree${n && source.headKind === 'index' ? ' (not staged: `git add` them)' : ''}\n`);
      // What was fixed is no longer a finding of the working tree (a rule's line rewrite answers all
      // of its findings on those lines, e.g. ptr-arg's two parameters of one signature).
      if (n) result = await withoutFindings(result, outcome.applied);
    }

    const contents = new Map<string, string>();
    if (format === 'text') {
      for (const f of result.inline) {
        if (!contents.has(f.path)) contents.set(f.path, new TextDecoder().decode((await source.readHead(f.path)) ?? new Uint8Array()));
      }
    }
    io.stdout.write(await render(format, result, { color: useColor(color, process.env, isTty(io.stdout)), contents, version: packageVersion() }));
    if (values.sarif) fs.writeFileSync(path.resolve(values.sarif as string), await render('sarif', result, { color: false, contents, version: packageVersion() }));

    const threshold = (failOn ?? result.config.fail_on) as 'error' | 'warning' | 'never';
    // LLM findings count only when the config says so, as for the App's check run.
    const counts = (f: ReviewResult['inline'][number]) => f.source === 'rule' || result.config.llm.affects_conclusion;
    return result.inline.some((f) => f.mark === 'added' && counts(f) && atLeast(f.severity, threshold)) ? 1 : 0;
  } finally {
    // The cache's writes wait until the review is out (see openCliCache).
    await cache?.close();
    source.close();
  }
}

/** Hides the findings `.rust-review-baseline.json` (or --baseline FILE) holds; no file, no change. */
async function withBaseline(result: ReviewResult, source: GitSource, explicit: string | undefined): Promise<ReviewResult> {
  const file = explicit ? path.resolve(explicit) : path.join(source.root, BASELINE_FILE);
  if (!fs.existsSync(file)) {
    if (explicit) throw new UsageError(`--baseline ${explicit}: no such file (write one with \`rust-review baseline\`)`);
    return result;
  }
  const inRepo = path.relative(source.root, file);
  const shown = inRepo && !inRepo.startsWith('..') && !path.isAbsolute(inRepo) ? inRepo : file;
  const baseline = parseBaseline(fs.readFileSync(file, 'utf8'), shown);
  const head = new Set(await source.headPaths());
  const reviewed = new Set(result.reviewedFiles);
  const { inline, outsideFilter, outcome } = applyBaseline(result, baseline, shown, (p) => reviewed.has(p) || !head.has(p));
  return withConclusion({ ...result, inline, outsideFilter, baseline: outcome });
}

function withoutFindings(result: ReviewResult, fixed: readonly Finding[]): Promise<ReviewResult> {
  const covered = (f: Finding) => fixed.some((a) => a.path === f.path && a.ruleId === f.ruleId && f.line >= a.line && (f.endLine ?? f.line) <= (a.endLine ?? a.line));
  return withConclusion({ ...result, inline: result.inline.filter((f) => !covered(f)) });
}

async function withConclusion(result: ReviewResult): Promise<ReviewResult> {
  if (result.conclusion === 'skipped') return result;
  const { decideConclusion } = await import('../review/conclusion.js');
  const { conclusion, reason } = decideConclusion(result.inline, result.config, result.reviewedFiles.length || 1);
  return { ...result, conclusion, conclusionReason: reason };
}

function llmNote(r: ReviewResult): string {
  const l = r.llm;
  if (l.state === 'unavailable') return `unavailable: ${l.reason ?? 'the API did not answer'}; rule findings only`;
  const cost = l.costUsd !== undefined ? `, about $${l.costUsd.toFixed(3)}` : '';
  const missed = l.filesNotReviewed?.length ? `; over the token budget, not reviewed: ${l.filesNotReviewed.join(', ')}` : '';
  return `${l.state}: ${l.inputTokens ?? 0} input tokens (${l.cachedTokens ?? 0} cached), ${l.outputTokens ?? 0} output tokens${cost}${missed}${l.reason ? `; ${l.reason}` : ''}`;
}
