/**
 * The build's second half (`npm run build`): the data files the code reads at run time, copied next to
 * the compiled modules so that `dist/` alone (the Docker image, the npm package) has everything.
 * Today: the LLM prompts. A new data file goes in ASSETS; test/production/artifact.test.ts runs
 * the built App and CLI from a directory that has only what the Dockerfile copies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Directories under src/ whose files are data, copied as they are to the same place under dist/. */
export const ASSETS = ['llm/prompts'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
for (const dir of ASSETS) {
  const from = path.join(root, 'src', dir);
  const to = path.join(root, 'dist', dir);
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}
