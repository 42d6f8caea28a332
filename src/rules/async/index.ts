/** The async reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import blockingCallInAsync from './blocking-call-in-async.js';
import cpuHeavyInAsync from './cpu-heavy-in-async.js';
import futureNotAwaited from './future-not-awaited.js';
import lockGuardAcrossAwait from './lock-guard-across-await.js';
import missingTimeout from './missing-timeout.js';
import runtimeReentry from './runtime-reentry.js';
import selectNotCancelSafe from './select-not-cancel-safe.js';
import spawnHandleDropped from './spawn-handle-dropped.js';
import unboundedChannel from './unbounded-channel.js';

export const asyncRules: Rule[] = [
  blockingCallInAsync,
  cpuHeavyInAsync,
  futureNotAwaited,
  lockGuardAcrossAwait,
  missingTimeout,
  runtimeReentry,
  selectNotCancelSafe,
  spawnHandleDropped,
  unboundedChannel,
];
