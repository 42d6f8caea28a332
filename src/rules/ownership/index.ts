/** The ownership reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';

export const ownershipRules: Rule[] = [];
