/** The async reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';

export const asyncRules: Rule[] = [];
