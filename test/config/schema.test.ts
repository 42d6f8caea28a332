/** The editor JSON Schema (schema/rust-review.schema.json) is generated from the zod schema. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, configJsonSchema, renderConfigJsonSchema } from '../../src/tools/generate-schema.js';
import { ROLES } from '../../src/review/finding.js';
import { ALL_RULES } from '../../src/rules/registry.js';

type JsonSchema = { type?: string | string[]; description?: string; default?: unknown; properties?: Record<string, JsonSchema>; additionalProperties?: JsonSchema | boolean; anyOf?: JsonSchema[]; items?: JsonSchema };

/** Every property of every object in the schema, with its dotted path. */
function properties(s: JsonSchema, at = ''): [string, JsonSchema][] {
  const out: [string, JsonSchema][] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push([`${at}${k}`, v], ...properties(v, `${at}${k}.`));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...properties(s.additionalProperties, `${at}<key>.`));
  for (const alt of s.anyOf ?? []) out.push(...properties(alt, at));
  if (s.items) out.push(...properties(s.items, `${at}[].`));
  return out;
}

describe('config JSON Schema', () => {
  it('is committed and up to date (else run `npx tsx src/tools/generate-schema.ts`)', () => {
    expect(fs.existsSync(SCHEMA_FILE)).toBe(true);
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('describes every property', () => {
    const all = properties(configJsonSchema() as JsonSchema);
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter(([, v]) => !v.description?.trim()).map(([k]) => k)).toEqual([]);
  });

  it('rejects unknown keys, as the loader does', () => {
    const s = configJsonSchema() as JsonSchema;
    expect(s.additionalProperties).toBe(false);
    for (const [k, v] of properties(s)) if (v.type === 'object' && v.properties) expect([k, v.additionalProperties]).toEqual([k, false]);
  });

  it('is a draft-07 schema with an id and a title', () => {
    expect(configJsonSchema()).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', $id: 'urn:rust-review:config-schema', title: expect.any(String) });
  });

  it('lists every rule id, each role and `*` under `rules`, and nothing else', () => {
    const rules = (configJsonSchema() as JsonSchema).properties!.rules!;
    expect(rules.additionalProperties).toBe(false);
    expect(Object.keys(rules.properties!).sort()).toEqual(['*', ...ROLES.map((r) => `${r}/*`), ...ALL_RULES.map((r) => r.id)].sort());
  });

  it("lists each rule's options (snake_case, described, with defaults); layer-violation's `domain_crates`", () => {
    const rules = (configJsonSchema() as JsonSchema).properties!.rules!.properties!;
    const optionsOf = (id: string) => rules[id]!.anyOf!.find((a) => a.type === 'object')!.properties!.options!;
    expect(optionsOf('architecture/layer-violation')).toMatchObject({
      additionalProperties: false,
      properties: {
        domain_crates: { type: 'array', items: { type: 'string' }, default: ['domain', 'core', 'model'], description: expect.stringMatching(/domain crates/) },
        forbidden_crates: { type: 'array', description: expect.any(String) },
      },
    });
    for (const rule of ALL_RULES) {
      const names = Object.keys(rule.options ?? {});
      expect([rule.id, names.filter((n) => !/^[a-z][a-z0-9_]*$/.test(n))]).toEqual([rule.id, []]);
      expect([rule.id, names.filter((n) => !rule.optionDocs?.[n]?.trim())]).toEqual([rule.id, []]);
      expect([rule.id, Object.keys(optionsOf(rule.id).properties ?? {})]).toEqual([rule.id, names]);
    }
  });
});
