/** The editor JSON Schema (schema/rust-review.schema.json) is generated from the zod schema. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, configJsonSchema, renderConfigJsonSchema } from '../../src/tools/generate-schema.js';

type JsonSchema = { type?: string | string[]; description?: string; properties?: Record<string, JsonSchema>; additionalProperties?: JsonSchema | boolean; anyOf?: JsonSchema[]; items?: JsonSchema };

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
});
