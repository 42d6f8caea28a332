/** Files we do not analyse, each with a reason that reaches the summary. */
export interface SkippedFile {
  path: string;
  reason: string;
  /**
   * The pull request caused this skip (a header or path it chose, a size, a limit) and the base
   * config did not declare it: the code is not reviewed, so the check fails (src/review/unreviewed.ts).
   */
  blocking?: boolean;
}

const GENERATED_PATHS = /(^|\/)(target|\.sqlx|node_modules|vendor)\//;
export const CONFIG_EXCLUDED = 'excluded by `paths` in the config';
export const GENERATED_PATH = 'generated or vendored path';
export const GENERATED_HEADER = 'generated file (`@generated` header)';

export function skipReasonForPath(path: string): string | null {
  if (GENERATED_PATHS.test(path)) return GENERATED_PATH;
  return null;
}

/** Decodes bytes as UTF-8, or gives the reason the file is skipped. */
export function decodeSource(path: string, bytes: Uint8Array, maxBytes: number): { text: string } | { reason: string } {
  if (bytes.byteLength > maxBytes) return { reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(bytes.byteLength)})` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { reason: 'not valid UTF-8' };
  }
  const generated = generatedReason(text);
  if (generated) return { reason: generated };
  const byPath = skipReasonForPath(path);
  return byPath ? { reason: byPath } : { text };
}

export function generatedReason(text: string): string | null {
  const head = text.slice(0, 2048);
  // `@generated` is Rust's convention (rustfmt, prost, diesel); `Code generated ... DO NOT EDIT.` is Go's, used by
  // sqlc and others. A bare "DO NOT EDIT" is often a hand-written warning on code that deserves review.
  return /@generated|^\/\/ Code generated .*DO NOT EDIT/m.test(head) ? GENERATED_HEADER : null;
}

/** Decimal units, as the config's limits are written (`max_file_bytes: 1000000` is "1.0 MB", not "977 KB"). */
export function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(0)} KB`;
  return `${n} B`;
}
