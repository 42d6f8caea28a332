/**
 * A finding's identity across pushes: rule id, path and normalised code, not the line number, so a
 * push that shifts lines does not repost it. Equal snippets in one file are told apart by order.
 */
import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

export function fingerprintKey(f: Finding): string {
  const code = (f.snippet ?? '').replace(/\s+/g, ' ').trim();
  return `${f.ruleId}\n${f.path}\n${code || f.message}`;
}

/** Fingerprints for a list of findings, aligned with it. */
export function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = fingerprintKey(f);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(`${key}\n${n}`).digest('hex').slice(0, 16);
  });
}

/** The marker's shape (group 1: the fingerprint, group 2: its keyed hash); src/review/marker.ts verifies it. */
export const FINGERPRINT_MARKER = /<!-- rust-review:fp=([0-9a-f]{8,64})(?:\.([0-9a-f]{32}))? -->/;

/** `token` is the fingerprint, signed (`fp.mac`) when posted by the App. */
export function fingerprintComment(token: string): string {
  return `<!-- rust-review:fp=${token} -->`;
}
