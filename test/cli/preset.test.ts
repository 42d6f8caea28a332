/** Issue 19 item 6 (the config preset), through the built command: `extends: clippy-complement`. */
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { enabledRules } from '../../src/config/rules.js';
import { ALL_RULES } from '../../src/rules/registry.js';
import { ensureBuilt, runBin } from './built.js';
import { CLEAN, Repo, UNSAFE, prRepo } from './repo.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));
const PTR_ARG = 'pub fn greet(name: &String) -> usize {\n    name.len()\n}\n';
const SECRET = 'pub const JWT_SECRET: &str = "s3cr3t-signing-key-0123456789abcdef";\n';

// Each test runs the command several times: generous on a loaded machine.
describe('extends: clippy-complement', { timeout: 120_000 }, () => {
  ensureBuilt();

  it('turns off exactly the rules whose metadata names the clippy lint they mirror', () => {
    const on = enabledRules(ALL_RULES, parseConfig('extends: clippy-complement\n'));
    const mirrored = ALL_RULES.filter((r) => r.clippyLint).map((r) => r.id);
    expect(mirrored.length).toBeGreaterThan(5);
    expect(ALL_RULES.filter((r) => !on.has(r) && !r.defaultOff).map((r) => r.id)).toEqual(mirrored);
    // A role entry does not bring them back; naming the rule does.
    const role = enabledRules(ALL_RULES, parseConfig('extends: [clippy-complement]\nrules:\n  ownership/*: warning\n  ownership/redundant-clone: on\n'));
    expect(role.has(ALL_RULES.find((r) => r.id === 'ownership/ptr-arg')!)).toBe(false);
    expect(role.get(ALL_RULES.find((r) => r.id === 'ownership/redundant-clone')!)).toEqual({ severity: 'warning' });
  });

  it('through the CLI: the clippy-mirroring findings go, the others stay; an unknown preset is a config error', () => {
    const files = { 'src/raw.rs': UNSAFE, 'src/greet.rs': PTR_ARG, 'src/keys.rs': SECRET };
    const plain = prRepo({ 'src/lib.rs': CLEAN }, files);
    const preset = prRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'extends: clippy-complement\n' }, files);
    const bad = prRepo({ 'src/lib.rs': CLEAN, '.github/rust-review.yml': 'extends: clippy-everything\n' }, files);
    repos.push(plain, preset, bad);
    const ids = (dir: string) => (JSON.parse(runBin(['review', '--repo', dir, '--format', 'json']).stdout).findings as { ruleId: string }[]).map((f) => f.ruleId).sort();
    expect(ids(plain.dir)).toEqual(['architecture/hardcoded-secret', 'architecture/unsafe-without-safety-comment', 'ownership/ptr-arg']);
    expect(ids(preset.dir)).toEqual(['architecture/hardcoded-secret']);
    const run = runBin(['review', '--repo', bad.dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^rust-review: invalid config: \.github\/rust-review\.yml:1: `extends`: /);
  });
});
