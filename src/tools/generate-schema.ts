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

/** A name, not a place: the schema is the file in this repository (and in the npm package), at no URL of ours. */
export const SCHEMA_ID = 'urn:rust-review:config-schema';

/** The JSON Schema of the config file as a user writes it (every key optional: defaults apply). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'rust-review configuration (.github/rust-review.yml)',
    description: 'Configuration of the rust-review GitHub App and CLI. Every key is optional.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
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
