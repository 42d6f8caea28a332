#!/usr/bin/env node
// `npm run score [-- --cases DIR ...]`: the labeled corpus through the built CLI, with the scorer that
// lives next to this checkout (../shared/tools/score-corpus.mjs, corpus in ../shared/corpus). Neither
// is part of this repository; without them this says what is needed instead of a module-not-found.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared');
const scorer = path.join(shared, 'tools', 'score-corpus.mjs');

if (!fs.existsSync(scorer)) {
  console.error(
    [
      `npm run score needs the shared scorer and corpus next to this checkout, and ${path.relative(process.cwd(), scorer) || scorer} is not there.`,
      `Expected: ${shared}/tools/score-corpus.mjs (the scorer) and ${shared}/corpus/cases (the labeled pull requests).`,
      'They come with the development workspace, not with this repository: put (or link) that `shared` directory beside',
      'this checkout, or run a scorer of your own against `node dist/cli.js review --format json` (see DESIGN.md, "The command line").',
    ].join('\n'),
  );
  process.exit(2);
}
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, [scorer, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
