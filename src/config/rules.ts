/** Turns the config's `rules` section into the engine's enabled-rule map, rejecting unknown ids. */
import type { Rule } from '../rules/define-rule.js';
import type { EnabledRules, RuleSetting } from '../rules/engine.js';
import { ConfigError, CONFIG_PATH, ruleKeyLine } from './load.js';
import { didYouMean } from './suggest.js';
import type { Config, RuleSettingInput } from './schema.js';
import { checkRuleOptions } from './rule-options.js';
import { PRESETS, presetsOf } from './presets.js';

/** Notes about a config (deprecated option names), for the review's summary. */
const configNotes = new WeakMap<Config, string[]>();

export function notesFor(config: Config): string[] {
  return configNotes.get(config) ?? [];
}

export function enabledRules(all: readonly Rule[], config: Config, file = CONFIG_PATH): EnabledRules {
  const unknown = Object.keys(config.rules).filter((key) => !all.some((r) => matches(key, r.id)));
  if (unknown.length) {
    throw new ConfigError(
      file,
      unknown.map((key) => {
        const ids = [...all.map((r) => r.id), ...new Set(all.map((r) => `${r.id.split("/")[0]}/*`))];
        const hint = didYouMean(key, ids);
        return { key: `rules.${key}`, line: ruleKeyLine(config, key), message: `no rule or role matches \`${key}\`${hint || ' (see docs/rules/README.md for the ids)'}` };
      }),
    );
  }
  const out = new Map<Rule, RuleSetting>();
  const notes = new Set<string>();
  const problems: { key: string; line?: number; message: string }[] = [];
  const presets = presetsOf(config.extends);
  for (const rule of all) {
    // A per-rule entry beats a preset (`extends`), which beats a per-role one.
    const entries = Object.entries(config.rules).filter(([k]) => matches(k, rule.id)).sort(([a], [b]) => specificity(a) - specificity(b));
    const offByPreset = presets.some((p) => PRESETS[p].turnsOff(rule));
    let enabled = !rule.defaultOff;
    let presetApplied = false;
    const setting: RuleSetting = {};
    for (const [key, given0] of [...entries, ['', 'on'] as const]) {
      if (offByPreset && !presetApplied && (key === '' || specificity(key) === 2)) {
        enabled = false;
        presetApplied = true;
      }
      if (key === '') break;
      let value = given0;
      if (typeof value === 'object' && value.options) {
        // Options under a role (`architecture/*`) are for the rules that take them.
        const given = key === rule.id ? value.options : Object.fromEntries(Object.entries(value.options).filter(([o]) => o in (rule.options ?? {}) || o in (rule.renamedOptions ?? {})));
        const checked = checkRuleOptions(rule, given, `rules.${key}`);
        checked.notes.forEach((n) => notes.add(n));
        problems.push(...checked.problems.map((p) => ({ ...p, line: ruleKeyLine(config, key) })));
        value = { ...value, options: checked.options };
      }
      apply(value, setting, (e) => (enabled = e));
    }
    if (enabled) out.set(rule, setting);
  }
  if (problems.length) throw new ConfigError(file, problems);
  configNotes.set(config, [...notes]);
  return out;
}

function apply(value: RuleSettingInput, setting: RuleSetting, setEnabled: (e: boolean) => void): void {
  if (value === 'off') return setEnabled(false);
  if (value === 'on') return setEnabled(true);
  if (typeof value === 'string') {
    setEnabled(true);
    setting.severity = value;
    return;
  }
  if (value.enabled !== undefined) setEnabled(value.enabled);
  else setEnabled(true);
  if (value.severity) setting.severity = value.severity;
  if (value.options) setting.options = { ...setting.options, ...value.options };
}

function matches(key: string, id: string): boolean {
  return key === id || (key.endsWith('/*') && id.startsWith(key.slice(0, -1))) || key === '*';
}

const specificity = (key: string) => (key === '*' ? 0 : key.endsWith('/*') ? 1 : 2);
