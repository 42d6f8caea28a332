/**
 * Writes schema/rust-review.schema.json, the JSON Schema of `.github/rust-review.yml` for editors
 * (yaml-language-server, VS Code), generated from the zod schema in src/config/schema.ts.
 *
 *   npx tsx src/tools/generate-schema.ts        (or `node dist/tools/generate-schema.js` after a build)
 *
 * test/config/schema.test.ts fails when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { kindOf } from '../config/rule-options.js';
import { CATEGORY_SEVERITY, type Rule } from '../rules/define-rule.js';
import { ALL_RULES } from '../rules/registry.js';
import { ROLES } from '../review/finding.js';

/** A name, not a place: the schema is the file in this repository (and in the npm package), at no URL of ours. */
export const SCHEMA_ID = 'urn:rust-review:config-schema';

/** The JSON Schema of the config file as a user writes it (every key optional: defaults apply). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  withRuleIds((schema.properties as Record<string, JsonSchema>).rules!);
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'rust-review configuration (.github/rust-review.yml)',
    description: 'Configuration of the rust-review GitHub App and CLI. Every key is optional.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; additionalProperties?: unknown };

/**
 * `rules:` lists every rule id (and each role's `<role>/*`, and `*`) so that editors complete and
 * check them; a rule's long form lists its own options, with their descriptions and defaults.
 */
function withRuleIds(rules: JsonSchema): void {
  const setting = rules.additionalProperties as JsonSchema;
  const keys: [string, JsonSchema][] = [
    ['*', { ...setting, description: 'Every rule: off, on, a severity, or { enabled, severity }.' }],
    ...ROLES.map((role): [string, JsonSchema] => [`${role}/*`, { ...setting, description: `Every \`${role}\` rule: off, on, a severity, or { enabled, severity, options }.` }]),
    ...ALL_RULES.map((rule): [string, JsonSchema] => [rule.id, ruleSetting(setting, rule)]),
  ];
  rules.properties = Object.fromEntries(keys);
  rules.additionalProperties = false;
  delete rules.propertyNames;
}

function ruleSetting(setting: JsonSchema, rule: Rule): JsonSchema {
  const severity = CATEGORY_SEVERITY[rule.category];
  const anyOf = (setting.anyOf ?? []).map((alt) => {
    if (alt.type !== 'object' || !alt.properties) return alt;
    const options = Object.entries(rule.options ?? {});
    const optionSchema: JsonSchema = options.length
      ? {
          description: 'The rule\'s options.',
          type: 'object',
          properties: Object.fromEntries(options.map(([name, value]) => [name, { description: rule.optionDocs?.[name] ?? '', ...typeOf(value), default: value }])),
          additionalProperties: false,
        }
      : { description: 'This rule takes no options.', type: 'object', properties: {}, additionalProperties: false };
    return { ...alt, properties: { ...alt.properties, options: optionSchema } };
  });
  return { description: `${rule.docs.summary} Default: ${rule.defaultOff ? 'off' : severity}.`, anyOf };
}

function typeOf(value: unknown): JsonSchema {
  const kind = kindOf(value);
  return kind === 'string[]' ? { type: 'array', items: { type: 'string' } } : kind === 'unknown' ? {} : { type: kind };
}

export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** schema/rust-review.schema.json, from the repository root (src/tools or dist/tools, two levels up). */
export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'rust-review.schema.json');

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, renderConfigJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
