/** Thin wrappers over the git command line (the CLI's only view of a repository). */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class GitError extends Error {}

export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['-c', 'core.quotepath=false', ...args], { cwd, maxBuffer: 512 << 20, encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; code?: string | number; message: string };
    if (err.code === 'ENOENT') throw new GitError('git is not installed or not on PATH');
    throw new GitError((err.stderr || err.message).trim().split('\n')[0]!);
  }
}

/** Reads many blobs (`rev:path`) through one `git cat-file --batch` process. */
export function catFileBatch(cwd: string, specs: string[]): Promise<Map<string, Buffer | undefined>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file exited with ${code}`));
      const out = Buffer.concat(chunks);
      const result = new Map<string, Buffer | undefined>();
      let pos = 0;
      for (const spec of specs) {
        const nl = out.indexOf(10, pos);
        const header = out.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          result.set(spec, undefined);
          continue;
        }
        const [, type, size] = header.split(' ');
        const n = Number(size);
        result.set(spec, type === 'blob' ? out.subarray(pos, pos + n) : undefined);
        pos += n + 1;
      }
      resolve(result);
    });
    child.stdin.end(specs.map((s) => `${s}\n`).join(''));
  });
}
