/**
 * Step 7: duplicates merged; a rule that `yieldsTo` a more specific rule drops its finding on a line
 * that rule reported; a rule finding beats an LLM finding on the same line and role.
 */
import { ruleById } from '../rules/registry.js';
import type { Finding } from './finding.js';

export function mergeFindings(ruleFindings: readonly Finding[], llmFindings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  const rulesAtLine = new Map<string, Set<string>>();
  for (const f of ruleFindings) {
    const key = `${f.path}|${f.line}`;
    const set = rulesAtLine.get(key) ?? new Set<string>();
    set.add(f.ruleId);
    rulesAtLine.set(key, set);
  }
  for (const f of ruleFindings) {
    const yields = ruleById(f.ruleId)?.yieldsTo;
    if (yields?.some((id) => rulesAtLine.get(`${f.path}|${f.line}`)?.has(id))) continue;
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
