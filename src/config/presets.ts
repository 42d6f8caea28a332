/**
 * `extends:` presets, named rule settings a config builds on. They sit between role entries and rule
 * entries: `ownership/*: warning` does not bring back a rule a preset turned off; naming the rule does.
 */
import type { Rule } from '../rules/define-rule.js';

export const PRESET_NAMES = ['clippy-complement'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A rule mirrors a clippy lint when its metadata says which (`clippyLint`; shown as "mirrors clippy::.." in its docs). */
export function mirrorsClippy(rule: Rule): boolean {
  return Boolean(rule.clippyLint || rule.clippyLints?.length);
}

export const PRESETS: Record<PresetName, { description: string; turnsOff(rule: Rule): boolean }> = {
  'clippy-complement': {
    description: 'Turns off every rule that mirrors a clippy lint, for teams that run clippy in CI: rust-review then reports what clippy does not.',
    turnsOff: mirrorsClippy,
  },
};

export function presetsOf(extendsValue: PresetName | PresetName[] | undefined): PresetName[] {
  return extendsValue === undefined ? [] : Array.isArray(extendsValue) ? extendsValue : [extendsValue];
}
