import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/sarif.js';
import { busyResult, finding, result } from './fixtures.js';
import { validateSarif } from './sarif-validator.js';

type Sarif = {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string; shortDescription: { text: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[]; partialFingerprints: Record<string, string> }[];
  }[];
};

describe('renderSarif', () => {
  const sarif = JSON.parse(renderSarif(busyResult(), '9.9.9')) as Sarif;

  it('is valid SARIF 2.1.0', () => {
    expect(validateSarif(sarif)).toEqual([]);
    expect(validateSarif(JSON.parse(renderSarif(result())))).toEqual([]);
  });

  it('the validator catches broken logs', () => {
    const broken = JSON.parse(renderSarif(busyResult())) as Sarif;
    broken.version = '2.0.0';
    broken.runs[0]!.results[0]!.ruleIndex = 0;
    broken.runs[0]!.results[1]!.locations[0]!.physicalLocation.region.startLine = 0;
    delete (broken.runs[0]!.results[2] as { message?: unknown }).message;
    const problems = validateSarif(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'version: must be "2.1.0"',
        expect.stringMatching(/results\[0\]\.ruleIndex: points at/),
        expect.stringMatching(/results\[1\].*startLine/),
        expect.stringMatching(/results\[2\]\.message\.text/),
      ]),
    );
  });

  it('describes the results', async () => {
    // ruleIndex depends on how many rules the registry holds: the validator checks it instead.
    const results = sarif.runs[0]!.results.map(({ ruleIndex: _index, ...r }) => r);
    await expect(JSON.stringify(results, null, 2)).toMatchFileSnapshot('__snapshots__/sarif-results.json');
  });

  it('describes a rule the registry does not know (an LLM finding)', () => {
    const rule = sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'async/llm-review');
    expect(rule).toEqual({
      id: 'async/llm-review',
      name: 'LlmReview',
      shortDescription: { text: 'LLM-assisted finding' },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['async'] },
    });
  });

  it('includes metadata for every rule of the registry (helpUri only where the docs are: test/production/docs-route.test.ts)', () => {
    const rules = sarif.runs[0]!.tool.driver.rules;
    expect(rules.find((r) => r.id === 'architecture/unsafe-without-safety-comment')).toMatchObject({ shortDescription: { text: expect.any(String) }, fullDescription: { text: expect.any(String) } });
    expect(sarif.runs[0]!.tool.driver.name).toBe('rust-review');
  });

  it('maps severities to levels', () => {
    expect(sarif.runs[0]!.results.map((r) => r.level)).toEqual(['error', 'warning', 'note']);
  });

  it('escapes paths into URI references', () => {
    const s = JSON.parse(renderSarif(result({ inline: [finding({ path: 'src/my file#1.rs' })] }))) as Sarif;
    expect(validateSarif(s)).toEqual([]);
    expect(s.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('src/my%20file%231.rs');
  });

  it('copes with a rule id that has no role prefix', () => {
    const s = JSON.parse(renderSarif(result({ inline: [finding({ ruleId: 'llm', source: 'llm' })] }))) as Sarif;
    expect(validateSarif(s)).toEqual([]);
  });
});
