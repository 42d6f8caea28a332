
/**
 * rust-review review [--repo DIR] [--base REV] [--head REV] [--format text|json|sarif]
 *                    [--fail-on error|warning|never] [--all] [--llm | --no-llm]
 * Exit 0: no finding at or above the fail level; 1: some; 2: usage or internal error.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load.js';
import { GitError } from '../local/git.js';
import { openGitSource } from '../local/git-source.js';
import { atLeast } from '../review/finding.js';
import { runReview } from '../review/pipeline.js';
import type { ReviewResult } from '../review/result.js';
import { renderJson } from '../report/json.js';
import { renderSarif } from '../report/sarif.js';
import { renderText } from '../report/text.js';
import { runDemo } from '../demo.js';
import { explainRule } from '../report/explain.js';
import { createLlmPass, MemoryCache } from '../llm/index.js';

const USAGE = `usage:
  rust-review review [--repo DIR] [--base REV] [--head REV] [--format text|json|sarif]
                     [--fail-on error|warning|never] [--all] [--llm | --no-llm]
  rust-review explain <rule-id>
  rust-review demo

review   Reviews \`git diff base...head\` of a local repository as the GitHub App would review that PR.
         --repo DIR     the repository (default: .)
         --base REV     base revision (default: the merge base with the default branch)
         --head REV     head revision (default: HEAD)
         --format F     text (default), json or sarif
         --fail-on S    exit 1 when a finding is at or above S (default: the config's fail_on, or error)
         --all          review every Rust and SQL file of the tree as if newly added
         --llm          run the LLM-assisted passes even when the config says \`llm: { enabled: false }\`
                        (needs ANTHROPIC_API_KEY); without --llm or --no-llm they run when the key is set
                        and the config enables them
         --no-llm       rule passes only, whatever the config says
explain  Prints a rule's documentation.
demo     Reviews a bundled sample pull request and prints it as it would appear on GitHub.`;

class UsageError extends Error {}

/** Where the CLI writes (tests pass in-memory streams). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    if (command === 'review') return await review(rest, io);
    if (command === 'demo') {
      io.stdout.write(await runDemo());
      return 0;
    }
    if (command === 'explain') {
      const text = rest[0] ? explainRule(rest[0]) : undefined;
      if (!text) throw new UsageError(rest[0] ? `unknown rule \`${rest[0]}\` (see docs/rules/README.md)` : 'explain needs a rule id');
      io.stdout.write(`${text}\n`);
      return 0;
    }
    throw new UsageError(`unknown command \`${command}\``);
  } catch (e) {
    // One line: scripts (../shared/tools/score-corpus.mjs) read it.
    io.stderr.write(`rust-review: ${errorLine(e)}${e instanceof UsageError ? ' (run `rust-review --help` for usage)' : ''}\n`);
    if (process.env.RUST_REVIEW_DEBUG && e instanceof Error) io.stderr.write(`${e.stack}\n`);
    return 2;
  }
}

function errorLine(e: unknown): string {
  if (e instanceof ConfigError) return `invalid config: ${e.message}`;
  if (e instanceof GitError || e instanceof UsageError) return e.message;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

async function review(args: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream | NodeJS.WritableStream }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        repo: { type: 'string', default: '.' },
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string' },
        all: { type: 'boolean', default: false },
        llm: { type: 'boolean', default: false },
        'no-llm': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got \`${format}\`)`);
  const failOn = values['fail-on'];
  if (failOn && !['error', 'warning', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning or never (got \`${failOn}\`)`);
  if (values.all && values.base) throw new UsageError('--all reviews the whole tree: it does not take --base');
  if (values.llm && values['no-llm']) throw new UsageError('--llm and --no-llm exclude each other');
  if (values.llm && !process.env.ANTHROPIC_API_KEY) throw new UsageError('--llm needs ANTHROPIC_API_KEY in the environment');
  const llm = values['no-llm'] ? undefined : createLlmPass({ cache: new MemoryCache() });
  // --llm / --no-llm win over the config's `llm.enabled`; without either the config decides.
  const llmEnabled = values.llm ? true : values['no-llm'] ? false : undefined;

  const source = await openGitSource({ repo: values.repo!, base: values.base, head: values.head, all: values.all });
  try {
    const progress = startProgress(io.stderr);
    let result: ReviewResult;
    try {
      result = await runReview(source, { onProgress: progress.update, llm, llmEnabled });
    } finally {
      progress.stop();
    }
    if (llm && result.llm.state !== 'off') io.stderr.write(`rust-review: LLM passes ${llmNote(result)}\n`);

    if (format === 'json') io.stdout.write(`${renderJson(result)}\n`);
    else if (format === 'sarif') io.stdout.write(`${renderSarif(result)}\n`);
    else {
      const contents = new Map<string, string>();
      for (const f of result.inline) {
        if (!contents.has(f.path)) contents.set(f.path, new TextDecoder().decode((await source.readHead(f.path)) ?? new Uint8Array()));
      }
      io.stdout.write(renderText(result, { color: isTty(io.stdout) && !process.env.NO_COLOR, contents }));
    }
    const threshold = (failOn ?? result.config.fail_on) as 'error' | 'warning' | 'never';
    // LLM findings count only when the config says so, as for the App's check run.
    const counts = (f: ReviewResult['inline'][number]) => f.source === 'rule' || result.config.llm.affects_conclusion;
    return result.inline.some((f) => f.mark === 'added' && counts(f) && atLeast(f.severity, threshold)) ? 1 : 0;
  } finally {
    source.close();
  }
}

function llmNote(r: ReviewResult): string {
  const l = r.llm;
  if (l.state === 'unavailable') return `unavailable: ${l.reason ?? 'the API did not answer'}; rule findings only`;
  const cost = l.costUsd !== undefined ? `, about $${l.costUsd.toFixed(3)}` : '';
  const missed = l.filesNotReviewed?.length ? `; over the token budget, not reviewed: ${l.filesNotReviewed.join(', ')}` : '';
  return `${l.state}: ${l.inputTokens ?? 0} input tokens (${l.cachedTokens ?? 0} cached), ${l.outputTokens ?? 0} output tokens${cost}${missed}${l.reason ? `; ${l.reason}` : ''}`;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as NodeJS.WriteStream).isTTY === true;
}

/** A progress line on stderr, only on a TTY and only once a review has taken more than a second. */
function startProgress(stderr: NodeJS.WritableStream) {
  const tty = isTty(stderr);
  const started = Date.now();
  let shown = false;
  let step = 'starting';
  const draw = () => {
    shown = true;
    stderr.write(`\r\x1b[2Krust-review: ${step} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  };
  const timer = tty ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  return {
    update: (s: string) => {
      step = s;
      if (shown) draw();
    },
    stop: () => {
      if (timer) clearInterval(timer);
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}


