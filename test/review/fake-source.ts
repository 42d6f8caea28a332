/** An in-memory ChangeSource: the pipeline's whole view of a change, without git or GitHub. */
import type { DiffLine, FileDiff, Hunk } from '../../src/diff/model.js';
import type { ChangeSource } from '../../src/review/change-source.js';

export interface FakeFile {
  /** Head contents (string or raw bytes); absent for a removed file. */
  head?: string | Uint8Array;
  base?: string;
  /** The base path of a renamed file (its base text is `base`). */
  previousPath?: string;
  status?: FileDiff['status'];
  /** Head lines the diff added; default: every line when added, none otherwise. */
  added?: number[];
  /** Head lines shown as diff context. */
  context?: number[];
  /** Base lines the diff deleted (default: none; every line of a removed file). */
  deleted?: number[];
  binary?: boolean;
}

/** Hunks from sets of added and context head lines: one hunk per contiguous run (deleted base lines: one more hunk). */
export function hunksFor(added: number[], context: number[] = [], deleted: number[] = []): Hunk[] {
  const kinds = new Map<number, DiffLine['kind']>([...context.map((l) => [l, 'context'] as const), ...added.map((l) => [l, 'add'] as const)]);
  const lines = [...kinds.keys()].sort((a, b) => a - b);
  const hunks: Hunk[] = [];
  let cur: Hunk | undefined;
  for (const n of lines) {
    if (!cur || n !== cur.newStart + cur.newLines) {
      cur = { oldStart: n, oldLines: 0, newStart: n, newLines: 0, section: '', lines: [] };
      hunks.push(cur);
    }
    const kind = kinds.get(n)!;
    cur.lines.push(kind === 'add' ? { kind, newLine: n, text: '' } : { kind, oldLine: n, newLine: n, text: '' });
    cur.newLines++;
    if (kind === 'context') cur.oldLines++;
  }
  if (deleted.length) {
    const lines = [...deleted].sort((a, b) => a - b).map((n): DiffLine => ({ kind: 'del', oldLine: n, text: '' }));
    hunks.push({ oldStart: lines[0]!.oldLine!, oldLines: lines.length, newStart: 0, newLines: 0, section: '', lines });
  }
  return hunks;
}

export class FakeSource implements ChangeSource {
  readonly reads: string[] = [];

  constructor(
    private readonly files: Record<string, FakeFile>,
    private readonly config?: string,
    private readonly extraHeadPaths: string[] = [],
  ) {}

  async listFiles(): Promise<FileDiff[]> {
    return Object.entries(this.files).map(([path, f]) => {
      const status = f.status ?? (f.head === undefined ? 'removed' : f.base === undefined ? 'added' : 'modified');
      const lineCount = typeof f.head === 'string' ? f.head.split('\n').length - (f.head.endsWith('\n') ? 1 : 0) : 0;
      const added = f.added ?? (status === 'added' ? Array.from({ length: lineCount }, (_, i) => i + 1) : []);
      return { path, status, binary: f.binary ?? false, hunks: f.binary ? [] : hunksFor(added, f.context, f.deleted), ...(f.previousPath ? { previousPath: f.previousPath } : {}) };
    });
  }

  async headPaths(): Promise<string[]> {
    return [...Object.keys(this.files).filter((p) => this.files[p]!.head !== undefined), ...this.extraHeadPaths];
  }

  async readHead(path: string): Promise<Uint8Array | undefined> {
    this.reads.push(path);
    const h = this.files[path]?.head;
    return typeof h === 'string' ? new TextEncoder().encode(h) : h;
  }

  async readBase(path: string): Promise<string | undefined> {
    const renamed = Object.values(this.files).find((f) => f.previousPath === path);
    if (renamed) return renamed.base;
    return this.files[path]?.previousPath ? undefined : this.files[path]?.base;
  }

  async readConfig(): Promise<string | undefined> {
    return this.config;
  }
}
