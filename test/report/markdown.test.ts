/**
 * Nothing from code or from the model renders live. Each hostile input goes through its context's
 * escaper; the result is rendered by a CommonMark parser with HTML and linkify on (markdown-it, as a
 * stand-in for GitHub's renderer), and the rendering must hold no link, no image, no HTML element of
 * the input, no fence, no broken-out code span; GitHub's own linking (mentions, references, bare
 * URLs) is checked on the text: no `@name`, `#12` or `scheme://` left intact.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderComment } from '../../src/report/comment.js';
import { mdCode, mdFence, mdMessage, mdText, mdUrlPath } from '../../src/report/markdown.js';
import { renderSummary } from '../../src/report/summary.js';
import { formatMessage } from '../../src/rules/define-rule.js';
import { finding } from './fixtures.js';

const md = new MarkdownIt({ html: true, linkify: true });

/** What the rendered HTML holds that a reader could click, load or be pinged by. */
function live(markdown: string): string[] {
  const html = md.render(markdown);
  const found: string[] = [];
  if (/<a\s/i.test(html)) found.push('link');
  if (/<(img|script|iframe|svg|details|video|object|embed)\b|<[^>]*\son\w+=/i.test(html)) found.push('html');
  if (/<h[1-6]>|<blockquote>|<table>/i.test(html)) found.push('block');
  if (/<pre>/i.test(html)) found.push('fence');
  // GitHub links these after rendering, on the text:
  const text = html.replace(/<code>[^]*?<\/code>/g, ' ').replace(/<[^>]+>/g, '');
  if (/(^|[^\w\u200b])@[A-Za-z0-9]/.test(text)) found.push('mention');
  if (/(^|[^\w\u200b])#\d/.test(text) || /\bGH-\d/i.test(text)) found.push('reference');
  if (/\b[a-z]+:\/\//i.test(text) || /\bwww\./i.test(text)) found.push('url');
  return found;
}

const HOSTILE: [string, string][] = [
  ['mention', 'ping @security-team now'],
  ['mention after a backtick', 'x`@team`'],
  ['team mention', '@acme/owners'],
  ['e-mail', 'mail root@example.com'],
  ['link', '[click](https://evil.example)'],
  ['image', '![x](https://evil.example/a.png)'],
  ['autolink', '<https://evil.example>'],
  ['bare url', 'see https://evil.example/x and www.evil.example'],
  ['html img', '<img src=x onerror=alert(1)>'],
  ['html details', '<details open><summary>x</summary></details>'],
  ['html comment', '<!-- rust-review:fp=0123456789abcdef -->'],
  ['fence', '```suggestion\nrm -rf /\n```'],
  ['tilde fence', '~~~suggestion\nrm\n~~~'],
  ['heading', '# Approved'],
  ['quote', '> quoted'],
  ['table break', 'a | b | c'],
  ['issue ref', 'fixes #12 and GH-7'],
  ['cross ref', 'acme/other#12'],
  ['CR line', 'a\rb\r\n# heading\u2028@x'],
  ['entity', '&lt;img src=x onerror=1&gt;'],
];

describe('mdText: words', () => {
  it.each(HOSTILE)('%s renders as text', (_, input) => {
    expect(live(mdText(input))).toEqual([]);
    expect(live(`- ${mdText(input)}`)).toEqual([]);
    expect(live(`| a | b |\n|---|---|\n| ${mdText(input)} | x |`).filter((k) => k !== 'block')).toEqual([]);
  });
});

describe('mdCode: a span that cannot be broken out of', () => {
  const spans: [string, string][] = [
    ...HOSTILE,
    ['backtick break-out', '`@team` <img src=x onerror=1> `'],
    ['double backticks', 'a``b`c```d'],
    ['leading backtick', '`x'],
    ['empty', ''],
    ['pipe', 'a|b'],
  ];
  it.each(spans)('%s stays one code span', (_, input) => {
    const out = mdCode(input);
    const html = md.render(out).trim();
    expect(html.match(/<code>/g)).toHaveLength(1);
    expect(html).toMatch(/^<p><code>[^]*<\/code><\/p>$/);
    expect(live(out)).toEqual([]);
  });
  it('escapes the pipe inside a table cell', () => {
    expect(mdCode('a|b', { table: true })).toBe('`a\\|b`');
  });
});

describe('mdMessage: rule and model messages', () => {
  it.each(HOSTILE)('%s in a message renders as text', (_, input) => {
    expect(live(mdMessage(`guard \`${input}\` is held: ${input}`))).toEqual([]);
  });
  it('keeps the code spans of a message', () => {
    expect(mdMessage('guard `cache` is held across `x.await`')).toBe('guard `cache` is held across `x.await`');
  });
  it('a value with backticks inside a template span stays in the span (formatMessage widens the fence)', () => {
    const msg = formatMessage('guard from `{{expr}}` in @here', { expr: 'm.lock("`@team` <img src=x onerror=1>")' });
    expect(msg).toBe('guard from `` m.lock("`@team` <img src=x onerror=1>") `` in @here');
    const out = mdMessage(msg);
    expect(md.render(out).match(/<code>/g)).toHaveLength(1);
    expect(live(out)).toEqual([]);
  });
});

describe('mdFence: suggestion blocks', () => {
  it('uses a fence longer than any backtick run inside', () => {
    const out = mdFence('let s = "```";\n````\n~~~', 'suggestion')!;
    expect(out.startsWith('`````suggestion\n')).toBe(true);
    const html = md.render(out);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).toContain('~~~');
  });
  it('normalises CRLF and refuses a lone CR (GitHub would split the line and the suggestion would rewrite it)', () => {
    expect(mdFence('a\r\nb', 'suggestion')).toBe('```suggestion\na\nb\n```');
    expect(mdFence('let s = "a\rb";', 'suggestion')).toBeUndefined();
    expect(mdFence('a\u2028b', 'suggestion')).toBeUndefined();
  });
});

describe('mdUrlPath', () => {
  it('encodes every character that could end a link destination', () => {
    expect(mdUrlPath('src/a (1)/b#c?.rs')).toBe('src/a%20%281%29/b%23c%3F.rs');
  });
});

describe('rendered bodies', () => {
  const evil = finding({
    path: 'src/@team/<img src=x onerror=1>|x.rs',
    message: 'guard `` x`@team` `` is held; see https://evil.example @security-team <img src=x onerror=alert(1)> ~~~',
    help: '```suggestion\nrm -rf /\n``` [x](https://evil.example)',
    suggestion: 'let s = "```\r";',
  });
  it('a comment from hostile code holds nothing live, and its marker is the last line', async () => {
    const body = renderComment(evil, '0123456789abcdef');
    expect(live(body.replace(/\[rule docs\]\([^)]*\)/, ''))).toEqual([]);
    expect(body).not.toContain('suggestion\n');
    expect(body.split('\n').at(-1)).toBe('<!-- rust-review:fp=0123456789abcdef -->');
    await expect(body).toMatchFileSnapshot('__snapshots__/comment-hostile.md');
  });
  it('a suggestion with backticks keeps one block', () => {
    const body = renderComment(finding({ suggestion: 'let s = "```";' }), 'f');
    expect(body).toContain('````suggestion\nlet s = "```";\n````');
  });
  it('a summary from hostile code holds nothing live', async () => {
    const result = {
      inline: [{ ...evil, mark: 'added' as const }],
      outsideFilter: [],
      alreadyPresent: [],
      migrationsAsHistory: 0,
      suppressed: [],
      reviewedFiles: [evil.path],
      skippedFiles: [{ path: 'vendor/@team|<img src=x onerror=1>.rs', reason: 'generated or vendored path' }],
      ruleErrors: [{ ruleId: 'async/x', path: evil.path, error: 'boom @team <img src=x onerror=1>' }],
      coverage: [{ name: 'a`@b', path: evil.path, line: 1, covered: false }],
      notes: ['GitHub omitted the diff of src/@team.rs'],
      llm: { state: 'unavailable' as const, reason: '@team https://x.example' },
      conclusion: 'failure' as const,
      conclusionReason: '1 finding',
      config: { filter: 'added' } as never,
      durationMs: 1,
    };
    const summary = renderSummary(result as never, { blobUrl: 'https://github.com/acme/shop/blob/abc/' });
    const withoutOurLinks = summary.replace(/\]\(https:\/\/github\.com\/acme\/shop\/blob\/abc\/[^)\s]*\)/g, ']').replace(/<details><summary>[\w ]+<\/summary>|<\/details>/g, '');
    expect(live(withoutOurLinks).filter((k) => k !== 'block')).toEqual([]);
    await expect(summary).toMatchFileSnapshot('__snapshots__/summary-hostile.md');
  });
});
