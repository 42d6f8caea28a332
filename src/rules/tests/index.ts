/** The tests reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import asyncTestAttr from './async-test-attr.js';
import noAssertion from './no-assertion.js';
import shouldPanicWithoutExpected from './should-panic-without-expected.js';

export const testsRules: Rule[] = [asyncTestAttr, noAssertion, shouldPanicWithoutExpected];
