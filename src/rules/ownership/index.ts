/** The ownership reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import cloneInLoop from './clone-in-loop.js';
import collectThenConsume from './collect-then-consume.js';
import nonSendSharedState from './non-send-shared-state.js';
import ptrArg from './ptr-arg.js';
import readOnlyMutex from './read-only-mutex.js';
import redundantClone from './redundant-clone.js';
import stateClonedPerRequest from './state-cloned-per-request.js';
import toOwnedThenBorrow from './to-owned-then-borrow.js';

export const ownershipRules: Rule[] = [cloneInLoop, collectThenConsume, nonSendSharedState, ptrArg, readOnlyMutex, redundantClone, stateClonedPerRequest, toOwnedThenBorrow];
