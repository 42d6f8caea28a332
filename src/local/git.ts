/** Thin wrappers over the git command line (the CLI's only view of a repository). */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
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

/**
 * One `git cat-file --batch` process for the life of a review, answering blob requests (`rev:path`)
 * in order. Rules and the coverage table read files one at a time; a process per read cost ~4 ms each
 * once the review's heap is large (the fork copies it), over a second on a big `--all`.
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (blob: Buffer | undefined) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(private readonly cwd: string) {}

  /** Starts the process now (cheap while the heap is small); reads start it otherwise. */
  start(): this {
    if (this.child || this.failure) return this;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.answer();
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const w of this.waiting.splice(0)) w.reject(e);
      this.hold(false);
    };
    child.on('error', (e) => fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? new GitError('git is not installed or not on PATH') : e));
    child.on('close', (code) => fail(new GitError(`git cat-file exited with ${code}`)));
    child.stdin.on('error', () => {}); // reported through 'close'
    this.hold(false);
    return this;
  }

  /**
   * An idle reader does not keep the process alive (git exits when our stdin closes); a reader with
   * answers to come does, or Node would exit while a review awaits them.
   */
  private hold(waiting: boolean): void {
    const child = this.child;
    if (!child) return;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) {
      if (waiting) handle.ref?.();
      else handle.unref?.();
    }
  }

  read(spec: string): Promise<Buffer | undefined> {
    this.start();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      if (!this.waiting.length) this.hold(true);
      this.waiting.push({ resolve, reject });
      this.child!.stdin.write(`${spec}\n`);
    });
  }

  async readAll(specs: string[]): Promise<Map<string, Buffer | undefined>> {
    const blobs = await Promise.all(specs.map((s) => this.read(s)));
    return new Map(specs.map((s, i) => [s, blobs[i]]));
  }

  close(): void {
    this.child?.stdin.end();
  }

  /** Hands out every complete answer in the buffer: a header line, then the blob and a newline. */
  private answer(): void {
    this.answerComplete();
    if (!this.waiting.length) this.hold(false);
  }

  private answerComplete(): void {
    while (this.waiting.length) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.waiting.shift()!.resolve(undefined);
        continue;
      }
      const [, type, size] = header.split(' ');
      const end = nl + 1 + Number(size);
      if (this.buffer.length < end + 1) return;
      const blob = Buffer.from(this.buffer.subarray(nl + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
      this.waiting.shift()!.resolve(type === 'blob' ? blob : undefined);
    }
  }
}
