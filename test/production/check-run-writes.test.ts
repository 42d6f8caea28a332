/**
 * Issue 18 item 7: every check-run write goes through github/check-run.ts, every title and summary
 * comes from report/, and the start-up orphan scan logs as what it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { FakeGitHub } from '../fakes/github/server.js';
import { startHarness } from '../e2e/harness.js';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('checks.create / checks.update are called in github/check-run.ts only; check-run titles are written in report/ only', () => {
  const writers: string[] = [];
  const titled: string[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const rel = path.relative(root, file);
    const text = fs.readFileSync(file, 'utf8');
    if (/checks\.(create|update)\(/.test(text)) writers.push(rel);
    if (/title: 'rust-review: /.test(text)) titled.push(rel);
  }
  expect(writers).toEqual(['src/github/check-run.ts']);
  expect(titled.every((f) => f.startsWith('src/report/'))).toBe(true);
});

test('a failing start-up orphan scan is logged as that, not as a failed command', async () => {
  const lines: { msg?: string; level?: number }[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      cb();
    },
  });
  const fake = new FakeGitHub();
  await fake.start();
  fake.faults.push({ method: 'GET', path: /^\/app\/installations$/, times: 1, status: 403, message: 'Resource not accessible by integration' });
  const h = await startHarness({ fake, logStream, appOptions: { recoverOrphans: 'requeue' } });
  try {
    await h.app.idle();
    const errors = lines.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg);
    expect(errors).toEqual(['start-up scan for check runs left in progress failed']);
  } finally {
    await h.stop();
    await fake.stop();
  }
});
