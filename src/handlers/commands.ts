/** `/rust-review ...` comments: parsing and the texts of the replies. Pure. */
export type Command =
  | { kind: 'review'; full: boolean }
  | { kind: 'explain'; ruleId: string }
  | { kind: 'help'; unknown?: string };

const COMMAND_LINE = /^ {0,3}\/rust-review(?:[ \t]+(.*?))?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The command in a comment body, or null when the comment is not addressed to us. A command is a
 * line of its own in the comment's prose: not inside a fenced or indented code block, a quote (a
 * reply quoting an earlier command) or an HTML comment (hidden text).
 */
export function parseCommand(body: string): Command | null {
  const m = commandLines(body).map((l) => COMMAND_LINE.exec(l)).find(Boolean);
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

/** The lines of a comment that are prose: fenced code, quotes and HTML comments removed. */
function commandLines(body: string): string[] {
  const text = body.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const f = FENCE.exec(line);
    if (fence) {
      // Closed by a fence of the same character, at least as long, with nothing after it.
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (/^ {0,3}>/.test(line) || /^( {4}|\t)/.test(line)) continue;
    out.push(line);
  }
  return out;
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
