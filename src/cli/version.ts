/** The package version, read from package.json (src/cli and dist/cli are both two levels below it). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached) return cached;
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  cached = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  return cached;
}
