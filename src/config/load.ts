/** Parses and validates `.github/rust-review.yml`; errors name the key and the line. */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { z } from 'zod';
import type { Rule } from '../rules/define-rule.js';
import type { EnabledRules } from '../rules/engine.js';
import { ALL_RULES } from '../rules/registry.js';
import { enabledRules } from './rules.js';
import { GLOB_LIMITS, compileGlobs, globProblem } from './glob-match.js';
import { configSchema, type Config } from './schema.js';
import { didYouMean, keysAt } from './suggest.js';
import { CONFIG_PATH } from './path.js';

/**
 * The YAML parser, loaded with the first config that has text: most repositories have none, and a
 * CLI review of a small change spends a tenth of its start-up loading it otherwise.
 */
const requireModule = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= requireModule('yaml') as typeof Yaml);

export { CONFIG_PATH };

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { key: string; line?: number; message: string }[],
  ) {
    super(problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.key ? `\`${p.key}\`: ` : ''}${p.message}`).join('; '));
    this.name = 'ConfigError';
  }
}

/**
 * The config comes from the base branch, but anyone who can merge there can write it: bounded
 * before it is parsed (size), while it is built (YAML aliases), and after (globs, see ./glob-match.ts).
 */
export const CONFIG_LIMITS = { bytes: 64 * 1024, aliases: 20 } as const;

export function parseConfig(text: string | undefined, file = CONFIG_PATH): Config {
  if (text === undefined || text.trim() === '') return configSchema.parse({});
  const bytes = Buffer.byteLength(text);
  if (bytes > CONFIG_LIMITS.bytes) {
    throw new ConfigError(file, [{ key: '', message: `the file is ${Math.ceil(bytes / 1024)} KB; a config may be at most ${CONFIG_LIMITS.bytes / 1024} KB` }]);
  }
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ key: '', line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  let data: unknown;
  try {
    // Each alias is expanded where it is used: a few nested ones ("billion laughs") fill the heap.
    data = doc.toJS({ maxAliasCount: CONFIG_LIMITS.aliases }) ?? {};
  } catch (err) {
    throw new ConfigError(file, [{ key: '', message: `YAML aliases expand too far (at most ${CONFIG_LIMITS.aliases} alias uses): ${(err as Error).message.split('\n')[0]}` }]);
  }
  const result = configSchema.safeParse(data);
  if (result.success) {
    const globProblems = checkGlobs(result.data);
    if (globProblems.length) throw new ConfigError(file, globProblems.map((p) => ({ ...p, line: lineOf(doc, p.key.split('.'), lineCounter, false) })));
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

function keyLines(map: unknown, counter: Yaml.LineCounter): Map<string, number> {
  const out = new Map<string, number>();
  if (!yaml().isMap(map)) return out;
  for (const pair of map.items) {
    if (yaml().isNode(pair.key) && pair.key.range) out.set(String((pair.key as { value?: unknown }).value), counter.linePos(pair.key.range[0]).line);
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (issue.code === 'invalid_union') return 'must be `off`, `on`, a severity (error, warning, info) or { enabled, severity, options }';
  return issue.message;
}

function lineOf(doc: ReturnType<typeof Yaml.parseDocument>, path: string[], counter: Yaml.LineCounter, isKey: boolean): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const sub = path.slice(0, n);
    const parent = n > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
    if (isKey || n < path.length) {
      const pair = parent && typeof parent === 'object' && 'items' in parent ? (parent.items as { key?: unknown }[]).find((p) => yaml().isNode(p.key) && String((p.key as { value?: unknown }).value) === sub[sub.length - 1]) : undefined;
      const keyNode = pair?.key;
      if (yaml().isNode(keyNode) && keyNode.range) return counter.linePos(keyNode.range[0]).line;
    }
    const node = doc.getIn(sub, true);
    if (yaml().isNode(node) && node.range) return counter.linePos(node.range[0]).line;
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

/** Globs bounded in number and shape; each refusal names its key (`paths.exclude.3`). */
function checkGlobs(config: Config): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const all = [...config.paths.include.map((g, i) => [`paths.include.${i}`, g] as const), ...config.paths.exclude.map((g, i) => [`paths.exclude.${i}`, g] as const)];
  if (all.length > GLOB_LIMITS.patterns) problems.push({ key: 'paths', message: `at most ${GLOB_LIMITS.patterns} globs in \`include\` and \`exclude\` together (there are ${all.length})` });
  for (const [key, glob] of all) {
    const problem = globProblem(glob);
    if (problem) problems.push({ key, message: problem });
    if (problems.length >= 20) break;
  }
  return problems;
}

const matchers = new WeakMap<Config, { include: (p: string) => boolean; exclude: (p: string) => boolean }>();

/** The config's path globs, compiled once per parsed config (linear-time matching: ./glob.ts). */
export function pathMatchers(config: Config): { include: (p: string) => boolean; exclude: (p: string) => boolean } {
  let m = matchers.get(config);
  if (!m) {
    m = { include: compileGlobs(config.paths.include), exclude: compileGlobs(config.paths.exclude) };
    matchers.set(config, m);
  }
  return m;
}
