/**
 * The rule docs, served by the App itself: `GET /docs/rules/` (the index) and
 * `GET /docs/rules/<role>/<name>` (one rule), so that the links in comments and SARIF
 * (`<PUBLIC_URL>/docs/rules/...`, report/labels.ts) work for every self-hosted App. The pages are
 * the ones `npm run docs` writes to docs/rules/ (tools/rule-docs.ts, made from rule metadata in
 * memory: no data file to ship), as plain HTML, or as markdown with `Accept: text/markdown`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generatedRuleDocs } from '../tools/rule-docs.js';

export const DOCS_PREFIX = '/docs/rules/';

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export function docsHandler(): Handler {
  let pages: Map<string, string> | undefined;
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?')[0]!;
    if (path !== DOCS_PREFIX.slice(0, -1) && !path.startsWith(DOCS_PREFIX)) return false;
    pages ??= new Map([...generatedRuleDocs()].map(([file, md]) => [file.replace(/^docs\/rules\//, '').replace(/(^|\/)README\.md$/, '$1').replace(/\.md$/, ''), md]));
    const key = decodeURIComponent(path.slice(DOCS_PREFIX.length)).replace(/\.md$/, '').replace(/\/+$/, '');
    const md = pages.get(key);
    if (md === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`No rule docs at ${path}. The index is at ${DOCS_PREFIX}.\n`);
      return true;
    }
    const wantsMarkdown = /text\/markdown/.test(req.headers.accept ?? '');
    const body = wantsMarkdown ? md : page(md, key);
    res.writeHead(200, { 'content-type': wantsMarkdown ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

function page(md: string, key: string): string {
  const title = key ? `rust-review: ${key}` : 'rust-review: rules';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f6f8fa;padding:1rem;overflow:auto}code{background:#f6f8fa;padding:0 .2em}pre code{padding:0}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3em .6em;vertical-align:top}</style>
</head><body>
${markdownToHtml(md, key)}
${key ? `<p><a href="${DOCS_PREFIX}">All rules</a></p>` : ''}
</body></html>
`;
}

/** Just the markdown the generated pages use: headings, fenced code, tables, lists, paragraphs, `code`, **bold**, [links](x.md). */
export function markdownToHtml(md: string, key = ''): string {
  const out: string[] = [];
  const lines = md.split('\n');
  const base = key.includes('/') ? '../' : '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.startsWith('```')) code.push(lines[i]!);
      out.push(`<pre><code${fence[1] ? ` class="language-${fence[1]}"` : ''}>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      out.push(`<h${heading[1]!.length}>${inline(heading[2]!, base)}</h${heading[1]!.length}>`);
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!.replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
      i--;
      const [head, , ...body] = rows;
      out.push(`<table><thead><tr>${head!.map((c) => `<th>${inline(c, base)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c, base)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
      continue;
    }
    if (/^[-*] /.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && /^[-*] /.test(lines[i]!); i++) items.push(`<li>${inline(lines[i]!.slice(2), base)}</li>`);
      i--;
      out.push(`<ul>${items.join('')}</ul>`);
      continue;
    }
    if (line.trim() === '') continue;
    const para: string[] = [line];
    while (i + 1 < lines.length && lines[i + 1]!.trim() !== '' && !/^(#|```|\||[-*] )/.test(lines[i + 1]!)) para.push(lines[++i]!);
    out.push(`<p>${inline(para.join(' '), base)}</p>`);
  }
  return out.join('\n');
}

function inline(text: string, base: string): string {
  const link = /\[((?:`[^`]*`|[^\]])+)\]\(([^)\s]+)\)/g;
  let out = '';
  let last = 0;
  for (let m = link.exec(text); m; m = link.exec(text)) {
    const href = /^https?:/i.test(m[2]!) ? m[2]! : base + m[2]!.replace(/\.md$/, '');
    out += spans(text.slice(last, m.index)) + `<a href="${escapeHtml(href)}">${spans(m[1]!)}</a>`;
    last = m.index + m[0].length;
  }
  return out + spans(text.slice(last));
}

/** Code spans first, so that their content is not read as markup; then **bold**. */
function spans(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : escapeHtml(part).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')))
    .join('');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
