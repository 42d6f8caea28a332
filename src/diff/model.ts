/** The diff model: what a change set looks like to the filter and to the GitHub reporter. */
export type LineKind = 'add' | 'del' | 'context';

export interface DiffLine {
  kind: LineKind;
  /** Line in the old file (del / context). */
  oldLine?: number;
  /** Line in the new file (add / context). */
  newLine?: number;
  text: string;
  /** Followed by "\ No newline at end of file". */
  noNewlineAtEnd?: boolean;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second `@@` (often the enclosing function). */
  section: string;
  lines: DiffLine[];
}

export type DiffStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied';

export interface FileDiff {
  /** Head path (the old path for removed files). */
  path: string;
  /** Base path when renamed or copied. */
  previousPath?: string;
  status: DiffStatus;
  binary: boolean;
  hunks: Hunk[];
  oldMode?: string;
  newMode?: string;
  /** Rename/copy similarity in percent. */
  similarity?: number;
  /** The hunks were computed from the two versions (GitHub omitted the patch): not commentable inline. */
  synthetic?: boolean;
}
