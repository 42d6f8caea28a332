/**
 * The build's third part (`npm run build`): the CLI and its analysis worker bundled by esbuild into
 * `dist/bin/` (one file per entry, plus the chunks they share, e.g. the rules), and `dist/cli.js`
 * replaced by a one-line entry into that bundle. Why: a one-shot CLI run spent about 0.2 s of CPU
 * resolving, reading and compiling some 400 ES modules (the rules, zod) before it did anything;
 * a few large files load in a fraction of that (issue 17).
 *
 * The bundle is built from tsc's output (dist/), so it runs exactly the code the tests type-check.
 * Packages that find their own files at run time stay outside: web-tree-sitter (its .wasm next to
 * its module), and what only the App or the LLM passes load (their chunk imports them when loaded).
 * Chunks sit in `dist/bin/`, one folder below `dist/` like every source folder, so modules that
 * find files from their own location (src/util/code-root.ts, the worker's URL in
 * src/review/analyze-files.ts) find the same ones bundled or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(dist, 'bin');

/** Loaded from node_modules at run time, never inlined. */
export const EXTERNAL = ['web-tree-sitter', 'tree-sitter-rust', 'squawk-cli', '@anthropic-ai/sdk', 'ioredis', 'bullmq', 'probot', 'prom-client', '@octokit/*'];

fs.rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { cli: path.join(dist, 'cli.js'), 'analysis-worker': path.join(dist, 'review', 'analysis-worker.js') },
  outdir: out,
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  sourcemap: 'linked',
  logLevel: 'warning',
});
fs.writeFileSync(path.join(dist, 'cli.js'), `#!/usr/bin/env node\n// The bundled CLI (src/tools/bundle.ts); \`tsc\` alone writes the unbundled src/cli.ts here.\nimport './bin/cli.js';\n`);
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);

// Last, once every file under dist/ is final: the code version the cache keys carry, stamped with each
// file's size and mtime, so that a CLI run stats the code instead of reading and hashing 3 MB of it.
const { writeCodeStamp } = await import('../cache/analysis-cache.js');
writeCodeStamp(dist);
