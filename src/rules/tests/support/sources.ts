/**
 * Reads and parses head / base files of a change once each. In the App every read may be a request,
 * so callers ask for what they need, in the order that lets them stop early.
 */
import type { ChangedFileView, ProjectView } from '../../define-rule.js';
import { ImportMap } from '../../../rust/imports.js';
import type { ParsedFile as RustFile } from '../../../rust/parsed-file.js';
import type { Node } from '../../../rust/parser.js';

/** The change-rule context, or the pipeline's change input with the engine's parser (`changeParser`). */
export interface ChangeSourceInput {
  readonly files: readonly ChangedFileView[];
  readonly project: ProjectView;
  readHead(path: string): Promise<string | undefined>;
  readBase(path: string): Promise<string | undefined>;
  /** The engine's parser (the rule context's `parse`, the review's shared one): trees are read through it. */
  parse(source: string): Node;
}

/** A head or base file of the change: the shared shape, and its text (a changed fn's lines are read from it). */
export interface ParsedFile extends RustFile {
  readonly source: string;
}

/**
 * Head texts already read, per `readHead` function: the tests rules and the coverage table of one
 * review share the same reader, so a test file fetched for one is not fetched again for the next.
 */
const headTexts = new WeakMap<ChangeSourceInput['readHead'], Map<string, Promise<string | undefined>>>();

function cachedRead(read: ChangeSourceInput['readHead'], path: string): Promise<string | undefined> {
  let cache = headTexts.get(read);
  if (!cache) headTexts.set(read, (cache = new Map()));
  let text = cache.get(path);
  if (!text) cache.set(path, (text = read(path)));
  return text;
}

export class ChangeSources {
  private readonly heads = new Map<string, Promise<ParsedFile | undefined>>();
  private readonly bases = new Map<string, Promise<ParsedFile | undefined>>();
  /** Reads beyond the changed files (test files, routers): kept low for the App. */
  extraReads = 0;

  constructor(readonly input: ChangeSourceInput) {}

  static async open(input: ChangeSourceInput): Promise<ChangeSources> {
    return new ChangeSources(input);
  }

  get files(): readonly ChangedFileView[] {
    return this.input.files;
  }

  /** Changed Rust files present in the head tree. */
  changedRust(): ChangedFileView[] {
    return this.input.files.filter((f) => f.status !== 'removed' && f.path.endsWith('.rs'));
  }

  isChanged(path: string): boolean {
    return this.input.files.some((f) => f.path === path);
  }

  head(path: string): Promise<ParsedFile | undefined> {
    let p = this.heads.get(path);
    if (!p) {
      if (!this.isChanged(path)) this.extraReads++;
      this.heads.set(path, (p = cachedRead(this.input.readHead, path).then((src) => this.parsed(path, src))));
    }
    return p;
  }

  /**
   * The head version for one look, not kept (unless `head` keeps it): a rule that reads each changed
   * file once then holds one tree at a time, not every file of a whole-tree review (issue 17).
   */
  headOnce(path: string): Promise<ParsedFile | undefined> {
    const kept = this.heads.get(path);
    if (kept) return kept;
    if (!this.isChanged(path)) this.extraReads++;
    return cachedRead(this.input.readHead, path).then((src) => this.parsed(path, src));
  }

  base(path: string): Promise<ParsedFile | undefined> {
    let p = this.bases.get(path);
    if (!p) this.bases.set(path, (p = this.input.readBase(path).then((src) => this.parsed(path, src))));
    return p;
  }

  /** The base version of a changed file (under its previous path when renamed). */
  baseOf(file: ChangedFileView): Promise<ParsedFile | undefined> {
    if (file.status === 'added') return Promise.resolve(undefined);
    return this.base(file.previousPath ?? file.path);
  }

  private parsed(path: string, source: string | undefined): ParsedFile | undefined {
    if (source === undefined) return undefined;
    const root = this.input.parse(source);
    return { path, source, root, imports: ImportMap.fromRoot(root) };
  }
}
