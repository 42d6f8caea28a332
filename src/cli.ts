#!/usr/bin/env node
/** The `rust-review` command (see src/cli/main.ts). */
import { main } from './cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
