/** The body of one inline review comment. Pure. */
import type { Finding } from '../review/finding.js';
import { fingerprintComment } from '../review/fingerprint.js';
import { ROLE_TITLES, SEVERITY_MARK, ruleDocsUrl } from './labels.js';

export function renderComment(f: Finding, fingerprint: string): string {
  const parts = [
    `${SEVERITY_MARK[f.severity]} **${f.severity}** · ${ROLE_TITLES[f.role]} · \`${f.ruleId}\`${f.source === 'llm' ? ' · _LLM-assisted_' : ''}`,
    '',
    escapeMentions(f.message),
  ];
  if (f.help) parts.push('', `**Fix:** ${escapeMentions(f.help)}`);
  if (f.suggestion !== undefined) parts.push('', '```suggestion', f.suggestion, '```');
  const docs = f.source === 'rule' ? `[rule docs](${ruleDocsUrl(f.ruleId)}) · ` : '';
  parts.push('', `<sub>${docs}silence with \`// rust-review: allow(${f.ruleId}) <reason>\` · react 👎 if this is wrong</sub>`, fingerprintComment(fingerprint));
  return parts.join('\n');
}

/** `@user` in code or LLM text must never ping anyone. */
export function escapeMentions(text: string): string {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9-])/g, '$1@\u200b');
}
