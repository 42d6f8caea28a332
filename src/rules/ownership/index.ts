/** The ownership reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import boxedDynInHotPath from './boxed-dyn-in-hot-path.js';
import cloneInLoop from './clone-in-loop.js';
import collectThenConsume from './collect-then-consume.js';
import leakToSatisfyLifetime from './leak-to-satisfy-lifetime.js';
import nonSendSharedState from './non-send-shared-state.js';
import ptrArg from './ptr-arg.js';
import readOnlyMutex from './read-only-mutex.js';
import redundantClone from './redundant-clone.js';
import stateClonedPerRequest from './state-cloned-per-request.js';
import toOwnedThenBorrow from './to-owned-then-borrow.js';

export const ownershipRules: Rule[] = [
  boxedDynInHotPath,
  cloneInLoop,
  collectThenConsume,
  leakToSatisfyLifetime,
  nonSendSharedState,
  ptrArg,
  readOnlyMutex,
  redundantClone,
  stateClonedPerRequest,
  toOwnedThenBorrow,
];
