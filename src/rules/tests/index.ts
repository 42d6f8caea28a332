/** The tests reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import asyncTestAttr from './async-test-attr.js';
import envMutation from './env-mutation.js';
import handlerUntested from './handler-untested.js';
import ignoredTest from './ignored-test.js';
import noAssertion from './no-assertion.js';
import shouldPanicWithoutExpected from './should-panic-without-expected.js';
import sleepInTest from './sleep-in-test.js';
import testRemoved from './test-removed.js';

export const testsRules: Rule[] = [asyncTestAttr, envMutation, handlerUntested, ignoredTest, noAssertion, shouldPanicWithoutExpected, sleepInTest, testRemoved];
