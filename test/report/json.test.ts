import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { busyResult, result } from './fixtures.js';

describe('renderJson', () => {
  it('prints { findings: [...] } and the counts', async () => {
    const text = renderJson(busyResult());
    await expect(text).toMatchFileSnapshot('__snapshots__/review.json');
    const parsed = JSON.parse(text);
    expect(parsed.findings).toHaveLength(3);
    expect(parsed.suppressed).toBe(2);
    expect(parsed.outsideFilter.map((f: { mark: string }) => f.mark)).toEqual(['file', 'outside', 'context']);
  });

  it('keeps findings plain: no mark or snippet on the inline ones', () => {
    const [f] = JSON.parse(renderJson(busyResult())).findings;
    expect(Object.keys(f).sort()).toEqual(['column', 'endColumn', 'help', 'line', 'message', 'path', 'role', 'ruleId', 'severity', 'source']);
  });

  it('prints an empty list when there is nothing', () => {
    expect(JSON.parse(renderJson(result()))).toMatchObject({ findings: [], outsideFilter: [], suppressed: 0, conclusion: 'success' });
  });

  it('does not leak the config', () => {
    expect(JSON.parse(renderJson(busyResult()))).not.toHaveProperty('config');
  });
});
