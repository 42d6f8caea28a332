/** Scratch git repositories under os.tmpdir() for the CLI tests. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1' };

/** A snippet `architecture/unsafe-without-safety-comment` fires on (a warning by default). */
export const UNSAFE = 'pub fn first(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) }\n}\n';
export const CLEAN = 'pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n';

export class Repo {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-cli-'));

  constructor() {
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: ENV, stdio: 'pipe' }).toString();
  }

  write(files: Record<string, string | null>): this {
    for (const [p, text] of Object.entries(files)) {
      const abs = path.join(this.dir, p);
      if (text === null) fs.rmSync(abs, { force: true });
      else {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, text);
      }
    }
    return this;
  }

  commit(files: Record<string, string | null>, message = 'change'): this {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** main (main branch: base) then a `feature` branch with `head`, checked out. */
export function prRepo(base: Record<string, string | null>, head: Record<string, string | null>): Repo {
  const r = new Repo().commit({ 'README.md': 'x\n', ...base }, 'base');
  r.git('checkout', '-q', '-b', 'feature');
  return r.commit(head, 'feature');
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs the CLI in-process. */
export async function cli(...argv: string[]): Promise<Run> {
  const out = sink();
  const err = sink();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}
