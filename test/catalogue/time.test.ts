import { describe, expect, it } from 'vitest';
import { DURATION_TEXT, isClockRead, isDurationConstructor, isWaitBound } from '../../src/catalogue/time.js';
import { isTaskCancelMethod } from '../../src/catalogue/executor.js';

describe('catalogue: time', () => {
  it('knows how spans of time are built, in std, tokio and chrono, and not other associated fns', () => {
    expect(isDurationConstructor('Duration::from_secs')).toBe(true);
    expect(isDurationConstructor('std::time::Duration::from_millis')).toBe(true);
    expect(isDurationConstructor('chrono::TimeDelta::minutes')).toBe(true);
    expect(isDurationConstructor('Duration::as_secs')).toBe(false);
    expect(isDurationConstructor('Instant::from_secs')).toBe(false);
    expect(isDurationConstructor('from_secs')).toBe(false);
    expect(DURATION_TEXT.test('a, b + TimeDelta :: seconds(5)')).toBe(true);
    expect(DURATION_TEXT.test('elapsed.as_secs()')).toBe(false);
  });

  it('tells a wait\'s bound from a period, and knows clock reads', () => {
    expect(isWaitBound('tokio::time::timeout')).toBe(true);
    expect(isWaitBound('sleep')).toBe(true);
    expect(isWaitBound('Config::with_ttl')).toBe(false);
    expect(isClockRead('chrono::Utc::now')).toBe(true);
    expect(isClockRead('Utc::now')).toBe(true);
    expect(isClockRead('std::time::Instant::now')).toBe(true);
    expect(isClockRead('Clock::now_or_never')).toBe(false);
  });

  it('knows the calls that stop a task from outside', () => {
    expect(isTaskCancelMethod('abort')).toBe(true);
    expect(isTaskCancelMethod('await')).toBe(false);
  });
});
