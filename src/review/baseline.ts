/**
 * Which head findings were already in the base: findings matched by what they are, not where they
 * sit. A rustfmt run, a rename, a lint sweep or a moved function leaves the code's findings in place
 * under new line numbers (and sometimes new layout): matching them to the base's findings keeps them
 * out of the review. Findings are counted, not deduplicated: two equal `unwrap()`s in the base and
 * three in the head leave one new.
 *
 * Tiers, each over what the previous left unmatched (a base finding is used once):
 *  1. rule, path, normalised code of the line (the fingerprint, see fingerprint.ts);
 *  2. rule, path, the code from the finding's column on with all layout taken out (a reflowed call);
 *     then the same with the text inside string literals taken out too (a typo fixed in a message or
 *     a variable's name: the code the rule judged is the same, and so was its finding);
 *  3. rule, path, message, enclosing function and where in it the code runs and what it calls (the
 *     line itself was edited by a sweep; a base finding in `spawn_blocking(|| ..)` is not the same as
 *     the head's call moved out of it, nor one on another callee);
 *  4. rule and normalised code in any changed file (a function moved to another file), only against a
 *     base finding whose line the change deleted: code still in its old place was not moved anywhere
 *     (when the head side of that file is incomplete, cut short by a time limit, its old findings are
 *     not left over to claim a new file's copies of the same line).
 * Within a key, head findings on lines the change did not add are matched first: they are certainly old.
 */
import { fingerprintKey } from './fingerprint.js';
import type { Finding } from './finding.js';

/** A finding with the text of the file it was found in (head text for head findings, base for base). */
export interface Located {
  finding: Finding;
  text: string | undefined;
}

type Keyer = (l: Located, lines: string[] | undefined) => string | undefined;

/** The tier that matches across files: it takes only base findings whose code the change took away. */
const ACROSS_FILES = 4;

const TIERS: Keyer[] = [
  ({ finding }) => fingerprintKey(finding),
  ({ finding: f }, lines) => (lines ? `${f.ruleId}\n${f.path}\n${layoutFree(lines, f.line, f.column)}` : undefined),
  ({ finding: f }, lines) => (lines ? `${f.ruleId}\n${f.path}\n${layoutFree(lines, f.line, f.column, withoutStringText)}` : undefined),
  ({ finding: f }, lines) => (lines ? `${f.ruleId}\n${f.path}\n${withoutLineNumbers(f.message)}\n${enclosingFn(lines, f.line) ?? ''}\n${f.scope ?? ''}` : undefined),
  // Across files only on a line distinctive enough to be the same code (not `.unwrap();` alone).
  ({ finding: f }) => (f.snippet && f.snippet.length >= MIN_MOVED_SNIPPET ? `${f.ruleId}\n${f.snippet}` : undefined),
];

const MIN_MOVED_SNIPPET = 16;

/**
 * For each head finding, whether a base finding matches it. `added(f)` says whether the finding's
 * line is one the change added; `deleted(b)` whether a base finding's line is one the change deleted
 * (every base line counts when not given). Base findings carry head paths (renames already mapped).
 */
export function matchBaseline(head: readonly Located[], base: readonly Located[], added: (f: Finding) => boolean, deleted: (f: Finding) => boolean = () => true): boolean[] {
  const matched = head.map(() => false);
  const used = base.map(() => false);
  const headLines = linesCache();
  const baseLines = linesCache();
  for (const [t, tier] of TIERS.entries()) {
    const pool = new Map<string, number[]>();
    base.forEach((b, i) => {
      if (used[i] || (t === ACROSS_FILES && !deleted(b.finding))) return;
      const k = tier(b, baseLines(b.text));
      if (k === undefined) return;
      const list = pool.get(k);
      if (list) list.push(i);
      else pool.set(k, [i]);
    });
    if (!pool.size) break;
    // Old code first: a finding on a line the change did not add is matched before one on an added line.
    const order = head.map((_, i) => i).filter((i) => !matched[i]).sort((a, b) => Number(added(head[a]!.finding)) - Number(added(head[b]!.finding)) || a - b);
    for (const i of order) {
      const h = head[i]!;
      const k = tier(h, headLines(h.text));
      const list = k === undefined ? undefined : pool.get(k);
      const j = list?.shift();
      if (j === undefined) continue;
      used[j] = true;
      matched[i] = true;
    }
  }
  return matched;
}

function linesCache(): (text: string | undefined) => string[] | undefined {
  const cache = new Map<string, string[]>();
  return (text) => {
    if (text === undefined) return undefined;
    let lines = cache.get(text);
    if (!lines) cache.set(text, (lines = text.split(/\r?\n/)));
    return lines;
  };
}

/**
 * The code around the finding's start with what rustfmt owns taken out (whitespace, comments, the
 * trailing comma it adds before a closing bracket when it breaks a call over lines): up to 60
 * characters before the start and 80 from it, so a short node (`.unwrap()`) is told apart by what
 * it is called on.
 */
export function layoutFree(lines: readonly string[], line: number, column: number | undefined, mask: (code: string) => string = (c) => c): string {
  const first = lines[line - 1] ?? '';
  const start = column ? column - 1 : Math.max(0, first.search(/\S/));
  let before = first.slice(0, start);
  for (let n = line - 1; squash(mask(before)).length < BEFORE && n >= 1 && n > line - 20; n--) before = `${lines[n - 1]}\n${before}`;
  let after = first.slice(start);
  for (let n = line; squash(mask(after)).length < AFTER + 8 && n < lines.length && n < line + 40; n++) after += `\n${lines[n]}`;
  // Squashed as one text so a trailing comma at the boundary goes the same way in both versions.
  const whole = squash(`${mask(before)}\u0000${mask(after)}`);
  const cut = whole.indexOf('\u0000');
  return `${whole.slice(Math.max(0, cut - BEFORE), cut)}|${whole.slice(cut + 1, cut + 1 + AFTER)}`;
}

const BEFORE = 60;
const AFTER = 80;

/** `"MCAPTCHA_PORT"` and `r#"..."#` as `""`: the literal stays, its text goes (a string cut off at the window's edge stays as it is). */
export const withoutStringText = (code: string): string => code.replace(/r(#*)"[\s\S]*?"\1|"(?:[^"\\]|\\[\s\S])*"/g, '""');

const squash = (code: string): string =>
  code
    .replace(/\/\/[^\n]*/g, '')
    .replace(/,(\s*\u0000?\s*[)\]}])/g, '$1')
    .replace(/\s+/g, '');

/** Messages that name a line ("guard taken on line 12") would differ after a shift. */
const withoutLineNumbers = (message: string): string => message.replace(/\blines?\s+\d+(\s*[-–]\s*\d+)?/gi, 'line');

const FN_HEADER = /^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:(?:const|async|unsafe|extern\s+"[^"]*")\s+)*fn\s+(\w+)/;

/** The name of the `fn` on `line` or the nearest one above it that is less indented (a cheap, layout-stable anchor). */
export function enclosingFn(lines: readonly string[], line: number): string | undefined {
  const here = lines[line - 1] ?? '';
  const indent = here.search(/\S/) < 0 ? Infinity : here.search(/\S/);
  for (let n = line; n >= 1; n--) {
    const m = FN_HEADER.exec(lines[n - 1]!);
    if (m && (n === line || m[1]!.length < indent)) return m[2];
  }
  return undefined;
}
