#!/usr/bin/env node
/** The `rust-review` command (see src/cli/main.ts). */
import { setFlagsFromString } from 'node:v8';
import { main } from './cli/main.js';

// The heap may grow to 1.25x what was live after the last full collection (V8's default lets it grow
// up to 4x): a whole-tree review decodes each file's tree again for each change rule that walks the
// tree (a review keeps a bounded number decoded, see ReviewTrees), and V8 let that garbage grow the
// heap by 150 MB. With it, the peak RSS of a cold `review --all` of lemmy is under 300 MB (issue 17).
// The flag is read at each collection, so setting it here, once the heap exists, takes effect (the
// semi-space sizes cannot be changed this way); it applies to the analysis workers too.
setFlagsFromString('--heap-growing-percent=25');

// `rust-review review --format sarif | head`: the reader went away; stop quietly as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
