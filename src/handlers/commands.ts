/** `/rust-review ...` comments: parsing and the texts of the replies. Pure. */
export type Command =
  | { kind: 'review'; full: boolean }
  | { kind: 'explain'; ruleId: string }
  | { kind: 'help'; unknown?: string };

const COMMAND_LINE = /^\s*\/rust-review(?:[ \t]+(.*))?\s*$/m;

/** The command in a comment body, or null when the comment is not addressed to us. */
export function parseCommand(body: string): Command | null {
  const m = COMMAND_LINE.exec(body);
  if (!m) return null;
  const [sub = '', ...rest] = (m[1] ?? '').trim().split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case '':
      return { kind: 'review', full: false };
    case 'full':
      return rest.length ? { kind: 'help', unknown: `full ${rest.join(' ')}` } : { kind: 'review', full: true };
    case 'explain':
      return rest[0] ? { kind: 'explain', ruleId: rest[0].replace(/^`|`$/g, '') } : { kind: 'help', unknown: 'explain (which rule?)' };
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'help', unknown: [sub, ...rest].join(' ') };
  }
}

export function helpText(unknown?: string): string {
  return [
    ...(unknown ? [`I do not know \`/rust-review ${unknown.slice(0, 100).replace(/`/g, '')}\`. Here is what I understand:`, ''] : ['**rust-review commands**', '']),
    '| comment | what it does |',
    '|---|---|',
    '| `/rust-review` | review the latest head of this pull request now |',
    '| `/rust-review full` | review everything again; findings already commented are not reposted, outdated ones are |',
    '| `/rust-review explain <rule-id>` | the docs of a rule, e.g. `/rust-review explain async/lock-guard-across-await` |',
    '| `/rust-review help` | this help |',
    '',
    'Reviews can be requested by the pull request author and by people with write access. Configure the App in `.github/rust-review.yml` on the base branch.',
  ].join('\n');
}

export function notAllowedText(login: string): string {
  return `Sorry @${login}, only the author of this pull request and people with write access to the repository can start a review. \`/rust-review help\` and \`/rust-review explain <rule-id>\` work for everyone.`;
}

export function unknownRuleText(ruleId: string): string {
  return `There is no rule \`${ruleId.slice(0, 100).replace(/`/g, '')}\`. Rule ids look like \`ownership/ptr-arg\`; \`/rust-review help\` lists the commands.`;
}
