/** Building blocks for the LLM tests: diffs, an in-memory change source, a pass pointed at the fake API. */
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { DiffLine, FileDiff } from '../../src/diff/model.js';
import { createLlmPass, MemoryCache, type CreateLlmPassOptions } from '../../src/llm/index.js';
import type { ChangeSource } from '../../src/review/change-source.js';
import type { Finding } from '../../src/review/finding.js';
import type { LlmPass } from '../../src/review/pipeline.js';

/** A new file: every line added. */
export function addedFile(path: string, text: string): FileDiff {
  return modifiedFile(path, text, text.split('\n').map((_, i) => i + 1), 'added');
}

/** A changed file shown as one hunk over the whole head text; `added` are the added line numbers, the rest is context. */
export function modifiedFile(path: string, head: string, added: number[], status: FileDiff['status'] = 'modified', removed: string[] = []): FileDiff {
  const headLines = head.split('\n');
  const addedSet = new Set(added);
  const lines: DiffLine[] = [];
  let oldLine = 1;
  headLines.forEach((text, i) => {
    if (addedSet.has(i + 1)) lines.push({ kind: 'add', newLine: i + 1, text });
    else lines.push({ kind: 'context', oldLine: oldLine++, newLine: i + 1, text });
  });
  for (const text of removed) lines.push({ kind: 'del', oldLine: oldLine++, text });
  const oldCount = headLines.length - addedSet.size + removed.length;
  return {
    path,
    status,
    binary: false,
    hunks: [{ oldStart: status === 'added' ? 0 : 1, oldLines: oldCount, newStart: 1, newLines: headLines.length, section: '', lines }],
  };
}

export function memorySource(files: { diff: FileDiff; head?: string }[], configText?: string): ChangeSource {
  const heads = new Map(files.filter((f) => f.head !== undefined).map((f) => [f.diff.path, f.head!]));
  return {
    listFiles: async () => files.map((f) => f.diff),
    headPaths: async () => [...heads.keys()],
    readHead: async (p) => (heads.has(p) ? new TextEncoder().encode(heads.get(p)!) : undefined),
    readBase: async () => undefined,
    readConfig: async () => configText,
  };
}

export function config(yaml = ''): Config {
  return parseConfig(yaml);
}

/** A pass against the fake, with test-sized timeouts and its own cache. */
export function passFor(baseURL: string, o: CreateLlmPassOptions = {}): LlmPass {
  return createLlmPass({ apiKey: 'test-key', baseURL, cache: new MemoryCache(), deadlineMs: 4_000, attemptTimeoutMs: 1_500, retryBaseMs: 5, concurrency: 4, ...o })!;
}

export function ruleFinding(path: string, line: number, role: Finding['role'], ruleId: string, message = 'rule says so'): Finding {
  return { ruleId, role, severity: 'warning', path, line, message, source: 'rule' };
}

/** A finding as the model returns it. */
export function llm(path: string, line: number, quote: string, extra: Record<string, unknown> = {}) {
  return { path, line, quote, severity: 'warning', message: 'a problem', rationale: 'because', fix: 'do better', confidence: 0.9, ...extra };
}

/** The handler answers per role; roles not given answer no findings. */
export function byRole(map: Partial<Record<string, unknown[]>>) {
  return (role: string | undefined) => map[role ?? ''] ?? [];
}
