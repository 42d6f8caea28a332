/** The benchmark's claim, kept true: a push that changes one file of 30 costs at most 20% of the first review's uncached input. */
import { describe, expect, it } from 'vitest';
import { MAX_SECOND_RUN_SHARE, runLlmCacheBench } from '../../bench/llm-cache.js';

describe('bench/llm-cache', () => {
  it('second review of a 30-file PR sends at most 20% of the first run’s uncached input tokens', async () => {
    const r = await runLlmCacheBench();
    expect(r.first.status).toMatchObject({ state: 'ran' });
    expect(r.first.status.filesNotReviewed).toBeUndefined();
    expect(r.first.cacheHitRate).toBeGreaterThan(0.5);
    expect(r.second.calls).toBeLessThanOrEqual(5);
    expect(r.second.findings).toBe(r.first.findings);
    expect(r.secondRunShare).toBeLessThanOrEqual(MAX_SECOND_RUN_SHARE);
    expect(r.pass).toBe(true);
  });
});
