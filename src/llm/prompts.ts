/**
 * The prompts are data: `prompts/system.md` (shared by every pass, the cached prefix) and one file per role.
 * Read once, from `src/llm/prompts` from source, `dist/llm/prompts` once built (also by the bundled CLI)
 * (the build copies them: src/tools/copy-assets.ts). No fallback to the source tree, so that an image
 * or package missing them fails in its own tests, not in production.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROLES, type Role } from '../review/finding.js';
import { sha256 } from './diff-view.js';
import { CODE_ROOT } from '../util/code-root.js';

export interface Prompts {
  system: string;
  roles: Record<Role, string>;
  /** Changes whenever a prompt changes: part of every result-cache key. */
  version: string;
}

const PROMPTS_DIR = path.join(CODE_ROOT, 'llm', 'prompts');

let loaded: Prompts | undefined;

export function loadPrompts(dir?: string): Prompts {
  if (!dir && loaded) return loaded;
  const base = dir ?? PROMPTS_DIR;
  if (!fs.existsSync(path.join(base, 'system.md'))) throw new Error(`LLM prompts not found in ${base} (a build without \`node dist/tools/copy-assets.js\`?)`);
  const read = (name: string) => fs.readFileSync(path.join(base, `${name}.md`), 'utf8').trim();
  const system = read('system');
  const roles = Object.fromEntries(ROLES.map((r) => [r, read(r)])) as Record<Role, string>;
  const prompts = { system, roles, version: sha256([system, ...ROLES.map((r) => roles[r])].join('\n\0')).slice(0, 16) };
  if (!dir) loaded = prompts;
  return prompts;
}
