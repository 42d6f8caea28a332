/**
 * PR content is data, never instructions. Hidden content is removed or made visible before the model
 * sees it, and the content is wrapped in a tag whose id the author cannot guess or close.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Zero-width and invisible formatting characters, soft hyphen, BOM, Unicode tag characters, variation selectors. */
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E\u034F\uFE00-\uFE0F]|[\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
/** Bidirectional controls (the "Trojan Source" characters). */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** HTML comments: invisible once rendered as markdown, so a classic place to hide instructions. */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

export const TAG = 'untrusted_pr_content';

/**
 * Removes what a human reviewer would not see. Bidi controls become a visible `[U+202E]` so the model can
 * still notice them; HTML comments are replaced by a marker, keeping their newlines so line numbers hold.
 */
export function stripHidden(text: string): string {
  return text
    .replace(HTML_COMMENT, (m) => `[hidden HTML comment removed]${'\n'.repeat(m.split('\n').length - 1)}`)
    .replace(INVISIBLE, '')
    .replace(BIDI, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

const PROCESS_SECRET = randomBytes(16);

/** A tag id the PR author cannot predict: keyed by a per-process secret, stable for the same content (so the prompt prefix stays cacheable). */
export function nonceFor(content: string): string {
  return createHash('sha256').update(PROCESS_SECRET).update(content).digest('hex').slice(0, 16);
}

/** Wraps untrusted text; the author cannot close the tag early or forge one. */
export function wrapUntrusted(text: string, nonce: string): string {
  const safe = text.replaceAll(nonce, '').replace(new RegExp(TAG, 'gi'), 'untrusted-pr-content');
  return `<${TAG} id="${nonce}">\n${safe}\n</${TAG} id="${nonce}">`;
}
