/** Step 7: duplicates merged; a rule finding beats an LLM finding on the same line and role. */
import type { Finding } from './finding.js';

export function mergeFindings(ruleFindings: readonly Finding[], llmFindings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of ruleFindings) {
    const key = `${f.ruleId}|${f.path}|${f.line}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  const ruleLines = new Set(out.map((f) => `${f.path}|${f.line}|${f.role}`));
  for (const f of llmFindings) {
    if (ruleLines.has(`${f.path}|${f.line}|${f.role}`)) continue;
    ruleLines.add(`${f.path}|${f.line}|${f.role}`);
    out.push(f);
  }
  return out;
}
