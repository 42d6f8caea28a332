/** The async reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import lockGuardAcrossAwait from './lock-guard-across-await.js';

export const asyncRules: Rule[] = [lockGuardAcrossAwait];
