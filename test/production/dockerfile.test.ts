/**
 * The Dockerfile, parsed (no Docker engine here): its final stage copies what the artifact test
 * (artifact.test.ts) proved the App needs and nothing it does not; installs as that test does; runs
 * under tini as a non-root user with a health check; and the base image is pinned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_GRACE_MS } from '../../src/app.js';
import { FROM_BUILD, FROM_CONTEXT, root } from './artifact.js';

interface Instruction {
  op: string;
  args: string;
}

/** Instructions per stage: comments dropped, `\` continuations joined. */
function stages(text: string): Instruction[][] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out: Instruction[][] = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const ins = { op: op!.toUpperCase(), args: rest.join(' ') };
    if (ins.op === 'FROM') out.push([]);
    out[out.length - 1]?.push(ins);
  }
  return out;
}

const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const all = stages(dockerfile);
const final = all[all.length - 1]!;
const args = (op: string) => final.filter((i) => i.op === op).map((i) => i.args);

describe('Dockerfile', () => {
  test('the final stage copies exactly what the artifact test runs', () => {
    const copies = args('COPY').map((a) => a.split(/\s+/));
    const fromBuild = copies.filter((c) => c[0]!.startsWith('--from=')).flatMap((c) => c.slice(1, -1)).map((p) => p.replace(/^\/app\//, ''));
    const fromContext = copies.filter((c) => !c[0]!.startsWith('--')).flatMap((c) => c.slice(0, -1));
    expect(fromBuild.sort()).toEqual([...FROM_BUILD].sort());
    expect(fromContext.sort()).toEqual([...FROM_CONTEXT].sort());
  });

  test('installs production dependencies from the lockfile without install scripts, as the artifact test does', () => {
    expect(args('RUN').some((r) => /npm ci --omit=dev --ignore-scripts\b/.test(r))).toBe(true);
    expect(all[0]!.filter((i) => i.op === 'RUN').some((r) => /npm ci --ignore-scripts\b/.test(r.args))).toBe(true);
    expect(all[0]!.some((i) => i.op === 'RUN' && i.args === 'npm run build')).toBe(true);
    // The build script copies the data files into dist/ (what the final stage takes).
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.build).toMatch(/copy-assets/);
  });

  test('a maintained Node LTS base, pinned by digest, in every stage', () => {
    const froms = all.map((s) => s[0]!.args.split(/\s+/)[0]!);
    for (const from of froms) {
      const m = /^node:(\d+)\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/.exec(from);
      expect(m, from).not.toBeNull();
      // Even majors are LTS; 20 left support in April 2026.
      expect(Number(m![1]) % 2).toBe(0);
      expect(Number(m![1])).toBeGreaterThanOrEqual(22);
    }
    expect(new Set(froms).size).toBe(1);
  });

  test('tini as PID 1, non-root, health check on /ping, node started directly', () => {
    expect(args('RUN').some((r) => /apt-get install -y --no-install-recommends tini/.test(r))).toBe(true);
    expect(args('ENTRYPOINT')).toEqual(['["/usr/bin/tini", "--"]']);
    expect(args('CMD')).toEqual(['["node", "dist/main.js"]']);
    expect(args('USER')).toEqual(['node']);
    expect(args('HEALTHCHECK')[0]).toMatch(/\/ping/);
    expect(args('ENV').join(' ')).toMatch(/HOST=0\.0\.0\.0/);
    expect(args('ENV').join(' ')).toMatch(/NODE_ENV=production/);
  });

  test("the default shutdown drain ends inside docker stop's 10 s, and the image stops with SIGTERM", () => {
    expect(DEFAULT_GRACE_MS).toBeLessThanOrEqual(8_000);
    expect(args('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(args('ENV').join(' ')).not.toMatch(/SHUTDOWN_GRACE_MS/);
  });

  test('.dockerignore keeps secrets and local state out of the build context', () => {
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const p of ['.env', '*.pem', 'node_modules', 'dist']) expect(ignored).toContain(p);
  });
});
