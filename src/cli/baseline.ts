/** `rust-review baseline`: records the findings of the whole tree so that `review` reports only new ones. */
import fs from 'node:fs';
import path from 'node:path';
import { openGitSource } from '../local/git-source.js';
import { runReview } from '../review/pipeline.js';
import { BASELINE_FILE, buildBaseline, renderBaseline } from '../review/baseline-file.js';
import { parseCommandArgs, startProgress, type CliIo } from './shared.js';
import { BASELINE_USAGE } from './usage.js';
import { boundHeapGrowthForWholeTree } from './heap.js';

export async function baseline(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs(args, {
    repo: { type: 'string', default: '.' },
    head: { type: 'string' },
    output: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(`${BASELINE_USAGE}\n`);
    return 0;
  }
  const source = await openGitSource({ repo: values.repo as string, head: values.head as string | undefined, all: true });
  boundHeapGrowthForWholeTree();
  try {
    const progress = startProgress(io.stderr);
    const result = await runReview(source, { onProgress: progress.update, llmEnabled: false }).finally(() => progress.stop());
    // Everything a later review could report: under --all every line is new, so all are inline.
    const findings = [...result.inline, ...result.outsideFilter].filter((f) => f.source === 'rule');
    const file = values.output ? path.resolve(values.output as string) : path.join(source.root, BASELINE_FILE);
    fs.writeFileSync(file, renderBaseline(buildBaseline(findings)));
    const n = findings.length;
    io.stdout.write(`rust-review: wrote ${n} finding${n === 1 ? '' : 's'} of ${result.reviewedFiles.length} files to ${path.relative(process.cwd(), file) || file}; commit it, and \`rust-review review\` reports only new findings\n`);
    return 0;
  } finally {
    source.close();
  }
}
