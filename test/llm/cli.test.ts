/** `rust-review review --llm / --no-llm`, against the fake Anthropic API through ANTHROPIC_BASE_URL. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, cli, prRepo, type Repo } from '../cli/repo.js';
import { findingsReply, startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';
import { llm } from './helpers.js';

const CODE = 'pub fn total(items: &[u64]) -> u64 {\n    let mut sum = 0;\n    for i in items { sum += i; }\n    sum\n}\n';

let fake: FakeAnthropic;
let repo: Repo;
/** The same change in a repository whose config turns the LLM passes off. */
let disabled: Repo;
const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
beforeAll(async () => {
  fake = await startFakeAnthropic((req) => findingsReply(req.role === 'ownership' ? [llm('src/total.rs', 3, 'for i in items { sum += i; }', { message: 'the sum can overflow' })] : []));
  repo = prRepo({ 'src/lib.rs': CLEAN }, { 'src/total.rs': CODE });
  disabled = prRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'llm: { enabled: false }\n' }, { 'src/total.rs': CODE });
});
afterAll(async () => {
  await fake.close();
  repo.remove();
  disabled.remove();
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

  it('with `llm: { enabled: false }` in the config: no call without a flag, --llm runs them anyway', async () => {
    withKey();
    const plain = await cli('review', '--repo', disabled.dir, '--format', 'json');
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).llm.state).toBe('off');
    expect(fake.calls).toHaveLength(0);

    const forced = await cli('review', '--repo', disabled.dir, '--format', 'json', '--llm');
    expect(forced.code).toBe(0);
    const out = JSON.parse(forced.stdout);
    expect(out.llm.state).toBe('ran');
    expect(out.findings).toEqual([expect.objectContaining({ ruleId: 'ownership/llm', path: 'src/total.rs', line: 3, source: 'llm' })]);
    expect(fake.calls.length).toBeGreaterThan(0);
    expect(forced.stderr).toMatch(/^rust-review: LLM passes ran: /);
  });

  it('--llm still needs the key when the config disables them', async () => {
    delete process.env.ANTHROPIC_API_KEY;
    const noKey = await cli('review', '--repo', disabled.dir, '--llm');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toBe('rust-review: --llm needs ANTHROPIC_API_KEY in the environment (run `rust-review --help` for usage)\n');
    expect(fake.calls).toHaveLength(0);
  });

  it('--help says that the flags win over the config', async () => {
    const help = await cli('review', '--help');
    expect(help.stdout).toMatch(/--llm +run the LLM-assisted passes even when the config says `llm: \{ enabled: false \}`/);
    expect(help.stdout).toMatch(/--no-llm +rule passes only, whatever the config says/);
  });
});
