/**
 * The folder this program's modules run from: `src/` under the tests, `dist/` once built. Modules
 * that read files shipped beside the code (the prompts, the package's own package.json, the demo's
 * example) find them from here, not from their own location: the CLI also runs as a bundle
 * (`dist/bin/`, see src/tools/bundle.ts) whose chunks sit one folder below `dist/`, as this module does.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package's root folder (package.json, examples/). */
export const PACKAGE_ROOT = path.dirname(CODE_ROOT);
