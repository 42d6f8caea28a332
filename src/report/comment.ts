/** The body of one inline review comment. Pure. Everything from the code or the model goes through ./markdown. */
import type { Finding } from '../review/finding.js';
import { fingerprintComment } from '../review/fingerprint.js';
import { ROLE_TITLES, SEVERITY_MARK, allowComment, ruleDocsUrl } from './labels.js';
import { mdCode, mdFence, mdMessage } from './markdown.js';
import type { SameCausePlace } from './same-cause.js';

/** Places listed in one comment; the rest are counted. */
const MAX_PLACES_LISTED = 30;

/** `marker` is the fingerprint token (signed by the App: `fp.mac`); it is always the last line. */
export function renderComment(f: Finding & { sameCause?: SameCausePlace[] }, marker: string): string {
  const parts = [
    `${SEVERITY_MARK[f.severity]} **${f.severity}** · ${ROLE_TITLES[f.role]} · ${mdCode(f.ruleId)}${f.source === 'llm' ? ' · _LLM-assisted_' : ''}`,
    '',
    mdMessage(f.message),
  ];
  if (f.sameCause?.length) parts.push('', sameCauseText(f.path, f.sameCause));
  if (f.help) parts.push('', `**Fix:** ${mdMessage(f.help)}`);
  const suggestion = f.suggestion === undefined ? undefined : mdFence(f.suggestion, 'suggestion');
  if (suggestion) parts.push('', suggestion);
  const url = f.source === 'rule' ? ruleDocsUrl(f.ruleId) : undefined;
  const docs = f.source !== 'rule' ? '' : url ? `[rule docs](${url}) · ` : `docs: ${mdCode(`/rust-review explain ${f.ruleId}`)} · `;
  parts.push('', `<sub>${docs}silence with ${mdCode(allowComment(f.path, f.ruleId))} · react 👎 if this is wrong</sub>`, fingerprintComment(marker));
  return parts.join('\n');
}

/** A first pass over model text (src/llm/sanitize.ts); what reaches markdown is escaped again by ./markdown. */
export function escapeMentions(text: string): string {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9-])/g, '$1@\u200b');
}

/** "The same cause, 3 more places: `a.rs:12`, ..." (lines of this file as `line 12`). */
export function sameCauseText(path: string, places: readonly SameCausePlace[]): string {
  const shown = places.slice(0, MAX_PLACES_LISTED).map((p) => (p.path === path ? `line ${p.line}` : mdCode(`${p.path}:${p.line}`)));
  const more = places.length - shown.length;
  const n = places.length;
  return `**Same cause, ${n} more place${n > 1 ? 's' : ''}** (one comment for all of them): ${shown.join(', ')}${more ? `, and ${more} more` : ''}.`;
}
