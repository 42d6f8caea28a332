/** The package version, read from package.json. */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../util/code-root.js';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached) return cached;
  const file = path.join(PACKAGE_ROOT, 'package.json');
  cached = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  return cached;
}
