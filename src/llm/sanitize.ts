/**
 * Model text is shaped by the PR it read, so it is untrusted too. Before it becomes a finding: hidden
 * content and HTML removed, links reduced to their text (nothing points outside the repository), no
 * `@mention` or cross-repository reference that would notify anyone, no code fences (so no
 * ```suggestion block), no slash command, one line, bounded length.
 */
import { escapeMentions } from '../report/comment.js';

const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E\u034F\uFE00-\uFE0F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]|[\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const HTML_TAG = /<\/?(?:a|img|picture|source|video|audio|iframe|script|style|details|summary|sub|sup|br|hr|p|div|span|table|tr|td|th|b|i|em|strong|code|pre|kbd|h[1-6]|ul|ol|li|input|form|svg|object|embed|meta|link)\b[^>]*>/gi;
const MD_IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const MD_LINK = /\[([^\]]*)\]\([^)]*\)/g;
const MD_REF_LINK = /\[([^\]]+)\]\[[^\]]*\]/g;
const MD_REF_DEF = /^\s*\[[^\]]+\]:\s*\S+.*$/gm;
const AUTOLINK = /<(?:[a-z][a-z0-9+.-]*:|www\.)[^>\s]*>/gi;
const URL = /\b(?:[a-z][a-z0-9+.-]{1,15}):\/\/[^\s)>\]]+|\bwww\.[^\s)>\]]+|\b(?:mailto|javascript|data|vbscript):[^\s)>\]]+/gi;
/** `owner/repo#12` or `owner/repo@sha` would post a back-reference in another repository. */
const CROSS_REF = /\b([\w.-]+\/[\w.-]+)([#@])(?=[0-9a-f]{3,}|\d)/gi;

export function sanitizeModelText(text: string, maxLength: number): string {
  let t = text
    .replace(HTML_COMMENT, ' ')
    .replace(INVISIBLE, '')
    .replace(MD_IMAGE, '$1')
    .replace(MD_LINK, '$1')
    .replace(MD_REF_LINK, '$1')
    .replace(MD_REF_DEF, ' ')
    .replace(AUTOLINK, '(link removed)')
    .replace(URL, '(link removed)')
    .replace(HTML_TAG, '')
    .replace(/`{3,}/g, '`')
    .replace(/~{3,}/g, '~')
    .replace(CROSS_REF, '$1\u200b$2')
    .replace(/(^|\s)\/(?=rust-review\b)/gi, '$1/\u200b')
    .replace(/\s+/g, ' ')
    .trim();
  t = escapeMentions(t);
  if (t.length > maxLength) t = `${t.slice(0, maxLength - 1).trimEnd()}…`;
  return t;
}
