/** Runs the built command (`node dist/cli.js`), building it first when dist/ is missing or stale. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'dist', 'cli.js');

/** `npm test` builds first; a lone `npx vitest run test/cli` builds here when a CLI source is newer. */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
  const built = fs.existsSync(BIN) ? fs.statSync(path.join(ROOT, 'dist/cli/main.js')).mtimeMs : 0;
  if (built < newest(path.join(ROOT, 'src'))) {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      // Type errors elsewhere still emit (noEmitOnError: false); the runs tell.
    }
  }
}

export interface BinRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** NO_COLOR and FORCE_COLOR from the test runner's environment are removed unless given in `env`. */
export function runBin(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): BinRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: opts.cwd, env: env as NodeJS.ProcessEnv });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
