/**
 * The `rust-review` command: `review`, `baseline`, `explain`, `demo` (see usage.ts).
 * Exit 0: no finding at or above the fail level; 1: some; 2: usage or internal error.
 */
import { UsageError, type CliIo } from './shared.js';
import { EXPLAIN_USAGE, USAGE } from './usage.js';
import { packageVersion } from './version.js';

export type { CliIo } from './shared.js';

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command) {
      // Not what was asked for: the usage goes to stderr and the exit status says so.
      io.stderr.write(`${USAGE}\n`);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout.write(`rust-review ${packageVersion()}\n`);
      return 0;
    }
    // Each command's modules are loaded when it runs: `--version` and `--help` load none of them.
    if (command === 'review') return await (await import('./review.js')).review(rest, io);
    if (command === 'baseline') return await (await import('./baseline.js')).baseline(rest, io);
    if (command === 'demo') {
      io.stdout.write(await (await import('../demo.js')).runDemo());
      return 0;
    }
    if (command === 'explain') {
      if (rest[0] === '--help' || rest[0] === '-h') {
        io.stdout.write(`${EXPLAIN_USAGE}\n`);
        return 0;
      }
      const text = rest[0] ? (await import('../report/explain.js')).explainRule(rest[0]) : undefined;
      if (!text) throw new UsageError(rest[0] ? `unknown rule \`${rest[0]}\` (see docs/rules/README.md)` : 'explain needs a rule id');
      io.stdout.write(`${text}\n`);
      return 0;
    }
    throw new UsageError(`unknown command \`${command}\``);
  } catch (e) {
    // One line: scripts (../shared/tools/score-corpus.mjs) read it.
    io.stderr.write(`rust-review: ${await errorLine(e)}${e instanceof UsageError ? ' (run `rust-review --help` for usage)' : ''}\n`);
    if (process.env.RUST_REVIEW_DEBUG && e instanceof Error) io.stderr.write(`${e.stack}\n`);
    return 2;
  }
}

async function errorLine(e: unknown): Promise<string> {
  if (e instanceof UsageError) return e.message;
  // The other errors' classes come with the commands that throw them (already loaded by then).
  const [{ ConfigError }, { GitError }, { BaselineError }, { FixRefused }] = await Promise.all([
    import('../config/load.js'),
    import('../local/git.js'),
    import('../review/baseline-file.js'),
    import('./fix.js'),
  ]);
  if (e instanceof ConfigError) return `invalid config: ${e.message}`;
  if (e instanceof GitError || e instanceof BaselineError || e instanceof FixRefused) return e.message;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}
