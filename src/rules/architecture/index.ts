/** The architect's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import unsafeWithoutSafetyComment from './unsafe-without-safety-comment.js';

export const architectureRules: Rule[] = [unsafeWithoutSafetyComment];
