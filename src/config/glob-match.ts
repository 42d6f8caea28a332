/**
 * Path globs from the base config, compiled once and matched in time linear in the path for a given
 * pattern (no regular expression, so no catastrophic backtracking: picomatch turned
 * `+(a|a?)+(a|a?)+(a|a?)c` into a regex that hung the process on a 44-character path).
 *
 * Supported, as picomatch with `dot: true` reads them: `**` (any number of whole segments), `*` (any
 * run of characters in one segment), `?`, classes `[abc]` `[a-z]` `[!x]`, braces `{a,b}` (expanded,
 * bounded), `\x` escapes, a leading `!` (negation) and `./`. Extglobs (`+(..)`, `*(..)`, `?(..)`,
 * `@(..)`, `!(..)`) are refused with a config error naming the key.
 */

export const GLOB_LIMITS = { patterns: 200, length: 300, expansions: 32 } as const;

/** Why a pattern is refused, or null. */
export function globProblem(pattern: string): string | null {
  if (pattern.length > GLOB_LIMITS.length) return `a glob may be at most ${GLOB_LIMITS.length} characters (this one has ${pattern.length})`;
  if (/[+*?@!]\(/.test(pattern)) return 'extglobs (`+(..)`, `*(..)`, `?(..)`, `@(..)`, `!(..)`) are not supported: write the alternatives as separate globs or with braces `{a,b}`';
  const expanded = expandBraces(pattern.replace(/^!/, ''));
  if (!expanded) return `braces expand to more than ${GLOB_LIMITS.expansions} patterns`;
  return null;
}

type Token = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negate: boolean; ranges: [string, string][] };
type Segment = { globstar: true } | { globstar: false; tokens: Token[] };

/** A matcher for one or more patterns (any may match). Throws on a refused pattern: validate first. */
export function compileGlobs(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.map(compileOne);
  return (path) => compiled.some((m) => m(path));
}

function compileOne(pattern: string): (path: string) => boolean {
  const problem = globProblem(pattern);
  if (problem) throw new Error(problem);
  const negate = pattern.startsWith('!') && !pattern.startsWith('!(');
  const body = (negate ? pattern.slice(1) : pattern).replace(/^\.\//, '');
  const alternatives = expandBraces(body)!.map((p) => p.split('/').map(parseSegment));
  const m = (path: string) => {
    const segs = path.replace(/^\.\//, '').split('/');
    return alternatives.some((alt) => matchSegments(alt, segs));
  };
  return negate ? (path) => !m(path) : m;
}

function parseSegment(seg: string): Segment {
  if (seg === '**') return { globstar: true };
  const tokens: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) tokens.push({ kind: 'char', c: seg[++i]! });
    else if (c === '*') {
      while (seg[i + 1] === '*') i++; // `a**b` within a segment is `a*b`
      tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) {
        tokens.push({ kind: 'char', c });
        continue;
      }
      let body = seg.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] === '-' && j + 2 < body.length) {
          ranges.push([body[j]!, body[j + 2]!]);
          j += 2;
        } else ranges.push([body[j]!, body[j]!]);
      }
      tokens.push({ kind: 'class', negate, ranges });
      i = end;
    } else tokens.push({ kind: 'char', c });
  }
  return { globstar: false, tokens };
}

/** Segments against path segments: O(pattern segments × path segments) segment matches. */
function matchSegments(pattern: Segment[], path: string[]): boolean {
  // reach[j]: the pattern so far can end having consumed path[0..j)
  let reach = new Array<boolean>(path.length + 1).fill(false);
  reach[0] = true;
  for (const seg of pattern) {
    const next = new Array<boolean>(path.length + 1).fill(false);
    if (seg.globstar) {
      let any = false;
      for (let j = 0; j <= path.length; j++) {
        any ||= reach[j]!;
        next[j] = any;
      }
    } else {
      for (let j = 0; j < path.length; j++) if (reach[j] && matchSegment(seg.tokens, path[j]!)) next[j + 1] = true;
    }
    reach = next;
  }
  return reach[path.length]!;
}

/** One segment: the classic wildcard walk, O(tokens × characters), no backtracking beyond the last star. */
function matchSegment(tokens: Token[], s: string): boolean {
  let t = 0;
  let i = 0;
  let starT = -1;
  let starI = 0;
  while (i < s.length) {
    const tok = tokens[t];
    if (tok && tok.kind !== 'star' && matchesChar(tok, s[i]!)) {
      t++;
      i++;
    } else if (tok?.kind === 'star') {
      starT = t++;
      starI = i;
    } else if (starT >= 0) {
      t = starT + 1;
      i = ++starI;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

function matchesChar(tok: Token, c: string): boolean {
  if (tok.kind === 'char') return tok.c === c;
  if (tok.kind === 'any') return true;
  if (tok.kind === 'class') return tok.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== tok.negate;
  return false;
}

/** `{a,b}` alternatives (nested), or undefined past the expansion limit. A lone brace is literal. */
function expandBraces(pattern: string): string[] | undefined {
  const open = findBrace(pattern);
  if (!open) return [pattern];
  const [start, end, parts] = open;
  const out: string[] = [];
  for (const part of parts) {
    const rest = expandBraces(pattern.slice(0, start) + part + pattern.slice(end + 1));
    if (!rest) return undefined;
    out.push(...rest);
    if (out.length > GLOB_LIMITS.expansions) return undefined;
  }
  return out;
}

function findBrace(p: string): [number, number, string[]] | undefined {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      i++;
      continue;
    }
    if (p[i] !== '{') continue;
    let depth = 0;
    const parts: string[] = [];
    let from = i + 1;
    for (let j = i; j < p.length; j++) {
      if (p[j] === '\\') {
        j++;
        continue;
      }
      if (p[j] === '{') depth++;
      else if (p[j] === '}' && --depth === 0) {
        parts.push(p.slice(from, j));
        if (parts.length > 1) return [i, j, parts];
        break; // `{a}`: literal
      } else if (p[j] === ',' && depth === 1) {
        parts.push(p.slice(from, j));
        from = j + 1;
      }
    }
  }
  return undefined;
}
