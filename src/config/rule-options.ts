/**
 * Checks the `options` a config gives a rule against the rule's own: unknown names and wrong types are
 * errors naming the key; a renamed option (`domainCrates` -> `domain_crates`) is taken under its new
 * name with a deprecation note, which the review's summary shows.
 */
import type { Rule } from '../rules/define-rule.js';
import { didYouMean } from './suggest.js';

export interface OptionProblem {
  key: string;
  message: string;
}

/** The options under their current names, with the notes and problems found. */
export function checkRuleOptions(rule: Rule, options: Record<string, unknown>, at: string): { options: Record<string, unknown>; notes: string[]; problems: OptionProblem[] } {
  const known = rule.options ?? {};
  const out: Record<string, unknown> = {};
  const notes: string[] = [];
  const problems: OptionProblem[] = [];
  for (const [given, value] of Object.entries(options)) {
    const renamed = rule.renamedOptions?.[given];
    const name = renamed ?? given;
    if (renamed) notes.push(`Config: \`${at}.options.${given}\` is deprecated; write \`${renamed}\` (the old name still works for now).`);
    if (!(name in known)) {
      const names = Object.keys(known);
      const hint = didYouMean(given, names);
      problems.push({ key: `${at}.options.${given}`, message: `\`${rule.id}\` has no option \`${given}\`${hint || (names.length ? ` (its options: ${names.map((n) => `\`${n}\``).join(', ')})` : ' (it takes no options)')}` });
      continue;
    }
    const want = kindOf(known[name]);
    if (want !== 'unknown' && kindOf(value) !== want) {
      problems.push({ key: `${at}.options.${given}`, message: `must be ${want === 'string[]' ? 'a list of strings' : `a ${want}`}` });
      continue;
    }
    out[name] = value;
  }
  return { options: out, notes, problems };
}

type Kind = 'string[]' | 'string' | 'number' | 'boolean' | 'unknown';

export function kindOf(v: unknown): Kind {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? 'string[]' : 'unknown';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return typeof v as Kind;
  return 'unknown';
}
