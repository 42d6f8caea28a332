/** `rust-review review --llm / --no-llm`, against the fake Anthropic API through ANTHROPIC_BASE_URL. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, cli, prRepo, type Repo } from '../cli/repo.js';
import { findingsReply, startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';
import { llm } from './helpers.js';

const CODE = 'pub fn total(items: &[u64]) -> u64 {\n    let mut sum = 0;\n    for i in items { sum += i; }\n    sum\n}\n';

let fake: FakeAnthropic;
let repo: Repo;
const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
beforeAll(async () => {
  fake = await startFakeAnthropic((req) => findingsReply(req.role === 'ownership' ? [llm('src/total.rs', 3, 'for i in items { sum += i; }', { message: 'the sum can overflow' })] : []));
  repo = prRepo({ 'src/lib.rs': CLEAN }, { 'src/total.rs': CODE });
});
afterAll(async () => {
  await fake.close();
  repo.remove();
});
afterEach(() => {
  fake.calls.length = 0;
  for (const [k, v] of [['ANTHROPIC_API_KEY', saved.key], ['ANTHROPIC_BASE_URL', saved.url]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function withKey() {
  process.env.ANTHROPIC_API_KEY = 'cli-key';
  process.env.ANTHROPIC_BASE_URL = fake.baseURL;
}

describe('rust-review review and the LLM passes', () => {
  it('runs them when ANTHROPIC_API_KEY is set; LLM findings do not change the exit status', async () => {
    withKey();
    const run = await cli('review', '--repo', repo.dir, '--format', 'json', '--fail-on', 'warning');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.llm.state).toBe('ran');
    expect(out.findings).toEqual([expect.objectContaining({ ruleId: 'ownership/llm', path: 'src/total.rs', line: 3, source: 'llm' })]);
    expect(run.stderr).toMatch(/^rust-review: LLM passes ran: \d+ input tokens/);
    expect(fake.calls.length).toBeGreaterThan(0);
  });

  it('--no-llm makes no call', async () => {
    withKey();
    const run = await cli('review', '--repo', repo.dir, '--format', 'json', '--no-llm');
    expect(JSON.parse(run.stdout).llm.state).toBe('off');
    expect(fake.calls).toHaveLength(0);
  });

  it('--llm without a key is a usage error', async () => {
    delete process.env.ANTHROPIC_API_KEY;
    const run = await cli('review', '--repo', repo.dir, '--llm');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^rust-review: --llm needs ANTHROPIC_API_KEY/);
  });

  it('is off without a key', async () => {
    delete process.env.ANTHROPIC_API_KEY;
    const run = await cli('review', '--repo', repo.dir, '--format', 'json');
    expect(JSON.parse(run.stdout).llm.state).toBe('off');
    expect(run.stderr).toBe('');
  });
});
