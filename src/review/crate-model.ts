/**
 * Step 5, first half: the model of the crate for this review. Facts come from every Rust file of the
 * crates the change touches (the changed files and the unchanged files around them: a wrapper or a
 * struct the change uses is usually in a file it did not touch), read once, parsed once, and kept
 * by content so a file seen by an earlier review is not parsed again.
 */
import { createHash } from 'node:crypto';
import { crateOf } from '../model/crate-index.js';
import { CrateModel, fileFacts, FACTS_VERSION, type FileFacts } from '../model/index.js';
import { parseRust, ParseTimeoutError } from '../rust/parser.js';
import { isTestPath } from '../rust/syntax.js';
import type { ChangeSource } from './change-source.js';

/** Unchanged files read for the model at most (the largest crates are modelled in part, nearest files first). */
export const MAX_MODEL_CONTEXT_FILES = 800;
/** Bytes of unchanged files read for the model at most. */
export const MAX_MODEL_CONTEXT_BYTES = 8_000_000;

/** Facts by content hash (and facts version), shared by the reviews of one process. */
const factsByContent = new Map<string, FileFacts>();
const MAX_CACHED = 20_000;

/** How the model parses: by default `parseRust`; a review passes its `ReviewTrees` so that the rules read the same trees. */
export type ModelParse = (source: string, timeoutMs?: number) => ReturnType<typeof parseRust>;

function factsFor(path: string, source: string, timeoutMs?: number, parse: ModelParse = parseRust): FileFacts | undefined {
  const key = `${FACTS_VERSION}:${createHash('sha1').update(source).digest('hex')}`;
  const cached = factsByContent.get(key);
  if (cached) return cached.path === path ? cached : { ...cached, path };
  let tree;
  try {
    tree = parse(source, timeoutMs);
  } catch (e) {
    if (e instanceof ParseTimeoutError) return undefined;
    throw e;
  }
  const facts = fileFacts(tree.rootNode, path);
  if (factsByContent.size >= MAX_CACHED) factsByContent.delete(factsByContent.keys().next().value!);
  factsByContent.set(key, facts);
  return facts;
}

/** Shared-prefix length of two paths' folders: nearer files are read first when a crate is too large. */
const nearness = (a: string, b: string): number => {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length - 1 && i < y.length - 1 && x[i] === y[i]) i++;
  return i;
};

export interface ReviewModel {
  model: CrateModel;
  /** Files modelled: changed and context. */
  files: number;
  contextFiles: number;
  ms: number;
  notes: string[];
}

/**
 * The unchanged Rust files of the crates holding the changed ones, nearest first, within the
 * bounds: what the model reads besides the change (fetched with the changed files, in one batch).
 */
export function modelContextPaths(changedPaths: readonly string[], headPaths: readonly string[]): { paths: string[]; notes: string[] } {
  const rust = changedPaths.filter((p) => p.endsWith('.rs'));
  const changed = new Set(changedPaths);
  const crates = new Set(rust.map(crateOf));
  const context = headPaths
    .filter((p) => p.endsWith('.rs') && !changed.has(p) && !isTestPath(p) && crates.has(crateOf(p)))
    .map((p) => ({ p, near: Math.max(...rust.map((c) => nearness(c, p))) }))
    .sort((a, b) => b.near - a.near || a.p.localeCompare(b.p))
    .map((x) => x.p);
  const notes = context.length > MAX_MODEL_CONTEXT_FILES ? [`The crate model read ${MAX_MODEL_CONTEXT_FILES} of ${context.length} unchanged Rust files around the change (nearest first).`] : [];
  return { paths: context.slice(0, MAX_MODEL_CONTEXT_FILES), notes };
}

/** The model of the crates holding the changed Rust files (`changed`: path -> text), with the unchanged `context` files. */
export async function buildReviewModel(source: ChangeSource, changed: ReadonlyMap<string, string>, context: readonly string[], timeoutMs?: number, parse?: ModelParse): Promise<ReviewModel> {
  const start = performance.now();
  const notes: string[] = [];
  const rust = [...changed].filter(([p]) => p.endsWith('.rs'));
  const facts: FileFacts[] = [];
  for (const [path, text] of rust) {
    const f = factsFor(path, text, timeoutMs, parse);
    if (f) facts.push(f);
  }
  const decoder = new TextDecoder();
  let bytes = 0;
  let read = 0;
  for (const path of context) {
    const blob = await source.readHead(path);
    if (!blob) continue;
    if (bytes + blob.byteLength > MAX_MODEL_CONTEXT_BYTES) {
      notes.push(`The crate model stopped reading unchanged files at ${Math.round(MAX_MODEL_CONTEXT_BYTES / 1e6)} MB.`);
      break;
    }
    bytes += blob.byteLength;
    const f = factsFor(path, decoder.decode(blob), timeoutMs, parse);
    if (f) {
      facts.push(f);
      read++;
    }
  }
  const model = CrateModel.build(facts);
  return { model, files: facts.length, contextFiles: read, ms: performance.now() - start, notes };
}
