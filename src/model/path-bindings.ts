/**
 * Whether a name of a file holds a file path: declared with a path type, or handed to a call that
 * takes a path (`Path::new(&tls_private_key)`). A rule that reads `private_key` as a secret asks
 * this first: the name may hold where the secret is, not the secret.
 */
import type { Node } from '../rust/parser.js';
import { PATH_TAKING_CALLS, PATH_TYPES } from '../catalogue/values.js';

/** `name` (a binding or field of the file `root` holds) holds a file path, not a secret. */
export function holdsPath(name: string, root: Node): boolean {
  const text = root.text;
  if (!text.includes(name)) return false;
  const typed = new RegExp(String.raw`\b${name}\s*:\s*([^,;=){]+)`, 'g');
  for (const m of text.matchAll(typed)) if (PATH_TYPES.test(m[1]!.replace(/\s+/g, ''))) return true;
  const calls = PATH_TAKING_CALLS.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(String.raw`(^|[^\w])(${calls})\(\s*&?\s*(\w+\.)*${name}\b`).test(text);
}
