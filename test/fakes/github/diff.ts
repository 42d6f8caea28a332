/**
 * The fake GitHub's own unified diff (LCS, 3 lines of context), independent of src/diff so that the
 * fake checks comment positions the way GitHub does rather than the way the App thinks it does.
 */
export interface FakeHunk {
  /** Head-side lines shown in this hunk (added and context): where a RIGHT comment may go. */
  rightLines: Set<number>;
}

export interface FakeFileDiff {
  patch: string;
  additions: number;
  deletions: number;
  hunks: FakeHunk[];
}

type Op = { t: ' ' | '-' | '+'; text: string; oldNo?: number; newNo?: number };

function split(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function editScript(a: string[], b: string[]): Op[] {
  // Trim the common prefix and suffix, LCS on the middle.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = am[i] === bm[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const ops: Op[] = [];
  for (let k = 0; k < pre; k++) ops.push({ t: ' ', text: a[k]! });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) { ops.push({ t: ' ', text: am[i]! }); i++; j++; }
    else if (j < m && (i === n || dp[i]![j + 1]! >= dp[i + 1]![j]!)) { ops.push({ t: '+', text: bm[j]! }); j++; }
    else { ops.push({ t: '-', text: am[i]! }); i++; }
  }
  for (let k = a.length - suf; k < a.length; k++) ops.push({ t: ' ', text: a[k]! });
  let o = 1;
  let nn = 1;
  for (const op of ops) {
    if (op.t !== '+') op.oldNo = o++;
    if (op.t !== '-') op.newNo = nn++;
  }
  return ops;
}

export function diffFiles(base: string | undefined, head: string | undefined, context = 3): FakeFileDiff {
  const ops = editScript(split(base), split(head));
  const changed = ops.map((op, i) => (op.t !== ' ' ? i : -1)).filter((i) => i >= 0);
  const out: FakeFileDiff = { patch: '', additions: 0, deletions: 0, hunks: [] };
  if (!changed.length) return out;
  const groups: [number, number][] = [];
  for (const idx of changed) {
    const from = Math.max(0, idx - context);
    const to = Math.min(ops.length - 1, idx + context);
    const last = groups[groups.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else groups.push([from, to]);
  }
  const text: string[] = [];
  for (const [from, to] of groups) {
    const slice = ops.slice(from, to + 1);
    const olds = slice.filter((o) => o.oldNo !== undefined);
    const news = slice.filter((o) => o.newNo !== undefined);
    const oldStart = olds.length ? olds[0]!.oldNo! : Math.max(0, (ops.slice(0, from).filter((o) => o.oldNo).pop()?.oldNo ?? 0));
    const newStart = news.length ? news[0]!.newNo! : Math.max(0, (ops.slice(0, from).filter((o) => o.newNo).pop()?.newNo ?? 0));
    text.push(`@@ -${oldStart},${olds.length} +${newStart},${news.length} @@`);
    const hunk: FakeHunk = { rightLines: new Set() };
    for (const o of slice) {
      text.push(`${o.t}${o.text}`);
      if (o.t === '+') out.additions++;
      if (o.t === '-') out.deletions++;
      if (o.newNo !== undefined) hunk.rightLines.add(o.newNo);
    }
    out.hunks.push(hunk);
  }
  out.patch = text.join('\n');
  return out;
}
