#!/usr/bin/env node
/** The `rust-review` command (see src/cli/main.ts). */
import { main } from './cli/main.js';

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
