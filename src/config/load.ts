/** Parses and validates `.github/rust-review.yml`; errors name the key and the line. */
import { LineCounter, parseDocument, isMap, isNode } from 'yaml';
import { z } from 'zod';
import type { Rule } from '../rules/define-rule.js';
import type { EnabledRules } from '../rules/engine.js';
import { ALL_RULES } from '../rules/registry.js';
import { enabledRules } from './rules.js';
import { configSchema, type Config } from './schema.js';
import { didYouMean, keysAt } from './suggest.js';

export const CONFIG_PATH = '.github/rust-review.yml';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { key: string; line?: number; message: string }[],
  ) {
    super(problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.key ? `\`${p.key}\`: ` : ''}${p.message}`).join('; '));
    this.name = 'ConfigError';
  }
}

export function parseConfig(text: string | undefined, file = CONFIG_PATH): Config {
  if (text === undefined || text.trim() === '') return configSchema.parse({});
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ key: '', line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  const data = doc.toJS() ?? {};
  const result = configSchema.safeParse(data);
  if (result.success) {
    ruleKeyLines.set(result.data, keyLines(doc.get('rules', true), lineCounter));
    return result.data;
  }
  throw new ConfigError(
    file,
    result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const at = keys.length ? [...path, keys[0]!] : path;
      const hint = keys.length === 1 ? didYouMean(keys[0]!, keysAt(configSchema, path)) : '';
      return { key: at.join('.'), line: lineOf(doc, at, lineCounter, keys.length > 0), message: describeIssue(issue) + hint };
    }),
  );
}

/** Where each `rules:` key of a parsed config sits, so that later checks (unknown rule ids) can name the line. */
const ruleKeyLines = new WeakMap<Config, Map<string, number>>();

export function ruleKeyLine(config: Config, key: string): number | undefined {
  return ruleKeyLines.get(config)?.get(key);
}

function keyLines(map: unknown, counter: LineCounter): Map<string, number> {
  const out = new Map<string, number>();
  if (!isMap(map)) return out;
  for (const pair of map.items) {
    if (isNode(pair.key) && pair.key.range) out.set(String((pair.key as { value?: unknown }).value), counter.linePos(pair.key.range[0]).line);
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (issue.code === 'invalid_union') return 'must be `off`, `on`, a severity (error, warning, info) or { enabled, severity, options }';
  return issue.message;
}

function lineOf(doc: ReturnType<typeof parseDocument>, path: string[], counter: LineCounter, isKey: boolean): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const sub = path.slice(0, n);
    const parent = n > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
    if (isKey || n < path.length) {
      const pair = parent && typeof parent === 'object' && 'items' in parent ? (parent.items as { key?: unknown }[]).find((p) => isNode(p.key) && String((p.key as { value?: unknown }).value) === sub[sub.length - 1]) : undefined;
      const keyNode = pair?.key;
      if (isNode(keyNode) && keyNode.range) return counter.linePos(keyNode.range[0]).line;
    }
    const node = doc.getIn(sub, true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** A review's config, read once: the validated values and the rules they enable. */
export interface ReviewConfig {
  config: Config;
  rules: EnabledRules;
  /** Where it came from, for messages (`.github/rust-review.yml (main)`). */
  file: string;
}

/**
 * The one place a review's config is parsed: YAML, schema, rule ids. Every problem is a ConfigError
 * naming the file, the line and the key, raised before any review work starts, so that the App can
 * report it as the config's fault and the CLI as a usage error.
 */
export function loadReviewConfig(text: string | undefined, file = CONFIG_PATH, rules: readonly Rule[] = ALL_RULES): ReviewConfig {
  const config = parseConfig(text, file);
  return { config, rules: enabledRules(rules, config, file), file };
}
