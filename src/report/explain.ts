/** A rule's documentation as markdown (`rust-review explain`, `/rust-review explain`, docs/rules). */
import { CATEGORY_SEVERITY, type Rule } from '../rules/define-rule.js';
import { ALL_RULES, ruleById } from '../rules/registry.js';
import { ROLE_TITLES, allowComment } from './labels.js';

export function ruleDoc(rule: Rule): string {
  const d = rule.docs;
  return [
    `# \`${rule.id}\``,
    '',
    `**${ROLE_TITLES[rule.role]}** · category \`${rule.category}\` · default severity \`${CATEGORY_SEVERITY[rule.category]}\`${rule.defaultOff ? ' · off by default' : ''}${rule.clippyLint ? ` · mirrors \`clippy::${rule.clippyLint}\`` : ''}`,
    '',
    d.summary,
    '',
    '## Why',
    '',
    d.why,
    '',
    '## Bad',
    '',
    fence(d.bad, d.path),
    '',
    '## Good',
    '',
    fence(d.good, d.path),
    '',
    ...(rule.help ? ['## What to do', '', rule.help, ''] : []),
    ...(Object.keys(rule.options ?? {}).length
      ? ['## Options', '', ...Object.entries(rule.options!).map(([k, v]) => `- \`${k}\` (default \`${JSON.stringify(v)}\`): ${rule.optionDocs?.[k] ?? ''}`), '', `Set them under \`rules: { ${rule.id}: { options: { .. } } }\`.`, '']
      : []),
    ...(d.anchor ? ['## Reference', '', d.anchor, ''] : []),
    '## Silencing',
    '',
    `\`${allowComment(d.path?.endsWith('.sql') ? d.path : 'src/lib.rs', rule.id)}\`${d.path?.endsWith('.sql') ? ' (SQL\'s own comment)' : ''} on the line, the line above, or above the enclosing item${rule.clippyLint ? `, or \`#[allow(clippy::${rule.clippyLint})]\`${lintsPerShape(rule) ? ' (on the shapes that lint covers)' : ''}` : ''}; or \`rules: { ${rule.id}: off }\` in \`.github/rust-review.yml\`.`,
    '',
  ].join('\n');
}

/** Some of the rule's shapes are covered by other clippy lints than the rule's own (`MessageSpec.clippyLints`). */
function lintsPerShape(rule: Rule): boolean {
  return Object.values(rule.messages).some((spec) => typeof spec === 'object' && spec.clippyLints !== undefined);
}

function fence(code: string, path?: string): string {
  const lang = path?.endsWith('.sql') ? 'sql' : path?.endsWith('.toml') ? 'toml' : 'rust';
  return `${path ? `\`${path}\`\n\n` : ''}\`\`\`${lang}\n${code.replace(/\n$/, '')}\n\`\`\``;
}

export function explainRule(id: string): string | undefined {
  const rule = ruleById(id);
  return rule ? ruleDoc(rule) : undefined;
}

export function rulesTable(): string {
  const rows = ['| rule | specialist | severity | what it finds |', '|---|---|---|---|'];
  for (const r of ALL_RULES) rows.push(`| [\`${r.id}\`](docs/rules/${r.id}.md) | ${ROLE_TITLES[r.role]} | ${CATEGORY_SEVERITY[r.category]} | ${r.docs.summary.replace(/\|/g, '\\|')} |`);
  return rows.join('\n');
}
