/**
 * The App replica of `bench/ping-during-review.ts`: test/scale/replica.ts (the real Probot server
 * against the parent's fake GitHub), with file analysis on worker threads running the compiled
 * `dist/review/analysis-worker.js`, as `npm start` does (from the TypeScript sources there is no
 * compiled worker next to the module and analysis would run on the main thread).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { useAnalysisWorker } from '../src/review/analyze-files.js';

const worker = path.resolve(import.meta.dirname, '../dist/review/analysis-worker.js');
if (!fs.existsSync(worker)) {
  console.error(`bench/review-replica.ts: ${worker} is missing: run \`npm run build\` first`);
  process.exit(2);
}
useAnalysisWorker(pathToFileURL(worker));
await import('../test/scale/replica.js');
