/**
 * The head side of a hunk as runs of lines, and hunks whose `lines` are built on first read.
 *
 * A patch of a million added lines is a million `DiffLine` objects, built on the thread that answers
 * webhooks while nothing reads them: the line maps need only the runs of added and context lines,
 * which the parser records in one pass over the text. `lines` is materialised when something reads
 * it (the LLM's view of the diff), from the same text by the same walk.
 */
import type { DiffLine, Hunk } from './model.js';
import type { LineRange } from './line-set.js';

export interface NewSide {
  /** Runs of added lines on the head side, in order. */
  added: LineRange[];
  /** Runs of context lines on the head side, in order. */
  context: LineRange[];
}

const recorded = new WeakMap<Hunk, NewSide>();

/** The hunk's head side: recorded by the parser, else read from its lines. */
export function newSideOf(hunk: Hunk): NewSide {
  const known = recorded.get(hunk);
  if (known) return known;
  const side = new NewSideBuilder();
  for (const l of hunk.lines) {
    if (l.newLine === undefined) continue;
    side.add(l.kind === 'add' ? 'add' : 'context', l.newLine);
  }
  return side.build();
}

/** Collects head-side lines in order into runs. */
export class NewSideBuilder {
  private readonly side: { added: [number, number][]; context: [number, number][] } = { added: [], context: [] };

  add(kind: 'add' | 'context', line: number): void {
    const runs = kind === 'add' ? this.side.added : this.side.context;
    const last = runs[runs.length - 1];
    if (last && last[1] + 1 === line) last[1] = line;
    else runs.push([line, line]);
  }

  build(): NewSide {
    return this.side;
  }
}

/**
 * A hunk whose `lines` are built by `materialise` on first read (then kept); `side` is its head side.
 * Hunks are not edited after parsing (assigning `lines` before the first read forgets `side`).
 */
export function lazyHunk(header: Omit<Hunk, 'lines'>, side: NewSide, materialise: () => DiffLine[]): Hunk {
  const hunk = { ...header } as Hunk;
  const keep = (value: DiffLine[]) => Object.defineProperty(hunk, 'lines', { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(hunk, 'lines', {
    enumerable: true,
    configurable: true,
    get() {
      const lines = materialise();
      keep(lines);
      return lines;
    },
    set(value: DiffLine[]) {
      recorded.delete(hunk);
      keep(value);
    },
  });
  recorded.set(hunk, side);
  return hunk;
}
