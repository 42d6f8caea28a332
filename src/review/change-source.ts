/**
 * Where a review's change set comes from: a local git repository (the CLI) or GitHub (the App).
 * The pipeline only sees this interface.
 */
import type { FileDiff } from '../diff/model.js';

export interface HeadBlob {
  /** Git's blob id (the sha1 of "blob <size>\0" and the bytes). */
  id: string;
  bytes: number;
}

export interface ChangeSource {
  /**
   * Every file of the tree is listed as added (`review --all`): there is no base to compare with, and
   * migrations are treated as already-applied history rather than as new in the change.
   */
  readonly wholeTree?: boolean;
  /** The changed files with their hunks (no hunks for binary or too-large patches). */
  listFiles(): Promise<FileDiff[]>;
  /** Every path of the head tree. */
  headPaths(): Promise<string[]>;
  /**
   * Git's blob id and size of each head file, when the source knows them without reading the files
   * (a commit's tree): the crate model finds the facts of an unchanged file by its id (see
   * `contentIdOf`) and reads only the files it has no facts for. Undefined otherwise.
   */
  headBlobs?(): Promise<ReadonlyMap<string, HeadBlob> | undefined>;
  /** Fetches the head contents of these paths in as few round trips as possible (optional). */
  prefetchHead?(paths: string[]): Promise<void>;
  /** Head bytes of a path, undefined when absent. */
  readHead(path: string): Promise<Uint8Array | undefined>;
  /** Base text of a path, undefined when absent. */
  readBase(path: string): Promise<string | undefined>;
  /** The config file text that governs this review, undefined when there is none. */
  readConfig(): Promise<string | undefined>;
  /** After listFiles: the files listed are not all (GitHub lists at most 3,000); undefined when complete. */
  unlisted?(): string | undefined;
}
