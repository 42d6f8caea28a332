/**
 * The one place where text that comes from a pull request (code, paths, names) or from the model
 * becomes GitHub markdown. Each function is one context; nothing interpolated through them can render
 * live: no @mention or e-mail ping, no issue or cross-repository reference, no link or autolink, no
 * HTML (`<img onerror>`), no heading, list, quote or table break, no code fence, no way out of a code
 * span or a suggestion block. Pure; table-driven tests in test/report/markdown.test.ts.
 *
 * Why not only backslashes: GitHub links mentions, references and bare URLs after markdown parsing,
 * on the text that backslashes leave behind, so those are broken with a zero-width space instead.
 */

const ZWSP = '\u200b';
/** Every line break markdown or GitHub knows (CRLF, lone CR, LF, NEL, LS, PS). */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
/**
 * The ASCII punctuation that starts emphasis, code, links, images, HTML, entities, headings, tables,
 * strikethrough, fences or math anywhere in a line (CommonMark 2.4: each may be backslash-escaped).
 */
const MD_PUNCT = /[\\`*_[\]<>#|~&$]/g;
/** What makes a block only at the start of a line: a list, a quote, a setext underline. */
const LINE_START = /^(\s*)([-+=>]|\d+[.)])/;
/** Controls and bidi overrides that hide or reorder what a reader sees. */
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** Plain words in a markdown paragraph, a list item or a table cell: everything renders literally. */
export function mdText(value: string): string {
  const escaped = oneLine(value)
    .replace(MD_PUNCT, (c) => `\\${c}`)
    .replace(LINE_START, (_, space: string, mark: string) => `${space}${mark.replace(/[-+=>.)]$/, (c) => `\\${c}`)}`);
  return breakLinking(escaped);
}

/**
 * A code span that cannot be broken out of: the backtick fence is longer than any backtick run
 * inside, padded when the content starts or ends with a backtick. In a table cell, `|` would end the
 * cell even inside a code span, so it is escaped there (GFM reads `\|` as `|` in code too).
 */
export function mdCode(value: string, opts: { table?: boolean } = {}): string {
  let content = oneLine(value);
  if (opts.table) content = content.replace(/\|/g, '\\|');
  if (content === '') return `\`${ZWSP}\``;
  const fence = '`'.repeat(longestRun(content, '`') + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A fenced block (` ```suggestion `, ` ```rust `) whose fence is longer than any backtick run in the
 * content, so no line inside can close it. Line ends are normalised to LF; a lone CR (which GitHub
 * treats as a line break, and which a suggestion would then rewrite) makes the block unusable:
 * undefined is returned and the caller leaves the block out.
 */
export function mdFence(content: string, info: string): string | undefined {
  const text = content.replace(/\r\n/g, '\n');
  if (/[\r\u2028\u2029\u0085]/.test(text)) return undefined;
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** The text of a link (`[text](url)`): like mdText, brackets included. */
export const mdLinkText = mdText;

/** A URL path built from repository-relative segments: every segment percent-encoded, `()` too. */
export function mdUrlPath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * A message written by a rule or the model: words with `code spans` in it. The spans are kept (as
 * unbreakable code spans), the words escaped; an unmatched backtick is a literal backtick. CommonMark's
 * rule decides what is a span: a run of n backticks closes at the next run of exactly n.
 */
export function mdMessage(value: string, opts: { table?: boolean } = {}): string {
  const s = oneLine(value);
  const out: string[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '`') {
      text += s[i++];
      continue;
    }
    const n = runAt(s, i);
    const close = findRun(s, i + n, n);
    if (close < 0) {
      text += s.slice(i, i + n);
      i += n;
      continue;
    }
    out.push(mdText(text));
    text = '';
    let code = s.slice(i + n, close);
    if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
    out.push(mdCode(code, opts));
    i = close + n;
  }
  out.push(mdText(text));
  return out.join('');
}

/** One line: line breaks become spaces, hidden controls go. */
function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(HIDDEN, '');
}

/** Mentions, e-mail autolinks, bare URLs, `www.` links and issue references stop being recognised. */
function breakLinking(escaped: string): string {
  return escaped
    .replace(/@/g, `${ZWSP}@${ZWSP}`)
    .replace(/([A-Za-z])(?=:\/\/)/g, `$1${ZWSP}`)
    .replace(/\b(www)(?=\.)/gi, `$1${ZWSP}`)
    .replace(/(\\#|\bGH-)(?=\d)/gi, `$1${ZWSP}`);
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let cur = 0;
  for (const c of s) {
    cur = c === ch ? cur + 1 : 0;
    if (cur > best) best = cur;
  }
  return best;
}

function runAt(s: string, i: number): number {
  let n = 0;
  while (s[i + n] === '`') n++;
  return n;
}

function findRun(s: string, from: number, n: number): number {
  for (let i = from; i < s.length; ) {
    if (s[i] !== '`') {
      i++;
      continue;
    }
    const m = runAt(s, i);
    if (m === n) return i;
    i += m;
  }
  return -1;
}
