/**
 * The production artifact, built as the Dockerfile's final stage builds it, in a temporary directory:
 * the package files, `npm ci --omit=dev --ignore-scripts` (a real install of the production
 * dependencies from the lockfile, through npm's cache), then `dist/` and `app.yml` copied in. What it
 * does not reproduce: the base image (Node 26 there, this machine's Node here) and the build stage
 * (the suite's own `npm run build` output is copied, which is what the build stage runs).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** What the Dockerfile's final stage copies from the context, and from the build stage. Checked by dockerfile.test.ts. */
export const FROM_CONTEXT = ['package.json', 'package-lock.json', 'app.yml'];
export const FROM_BUILD = ['dist'];

export async function npm(args: string[], cwd: string): Promise<void> {
  await run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
}

export async function buildArtifact(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-artifact-'));
  for (const f of FROM_CONTEXT.filter((f) => f !== 'app.yml')) fs.copyFileSync(path.join(root, f), path.join(dir, f));
  await npm(['ci', '--omit=dev', '--ignore-scripts'], dir);
  for (const d of FROM_BUILD) fs.cpSync(path.join(root, d), path.join(dir, d), { recursive: true });
  fs.copyFileSync(path.join(root, 'app.yml'), path.join(dir, 'app.yml'));
  return dir;
}

let key: string | undefined;
export function privateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return key;
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `node <script>` with exactly `env` (and PATH), its output collected. */
export function start(script: string, cwd: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

export async function waitUntilUp(url: string, proc: Proc): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (proc.child.exitCode !== null) throw new Error(`the App exited (${proc.child.exitCode}):\n${proc.output()}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the App did not come up:\n${proc.output()}`);
}
