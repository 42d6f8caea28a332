/** Finds lists of library API names declared in source files (string arrays, sets, regex alternations). */
import fs from 'node:fs';
import path from 'node:path';

/** `'a', 'b', 'c'` inside brackets, and `a|b|c` alternations (regex literals): groups of at least three names. */
export function nameLists(source: string): string[][] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const lists: string[][] = [];
  for (const m of code.matchAll(/\[\s*((?:'[^'\n]+'|"[^"\n]+")(?:\s*,\s*(?:'[^'\n]+'|"[^"\n]+")){2,})\s*,?\s*\]/g)) {
    lists.push([...m[1]!.matchAll(/'([^'\n]+)'|"([^"\n]+)"/g)].map((x) => x[1] ?? x[2]!));
  }
  for (const m of code.matchAll(/[\w:\\.]+(?:\|[\w:\\.]+){2,}/g)) lists.push(m[0].split('|').map((x) => x.replace(/\\/g, '')));
  return lists;
}

/** The lists among them that name an API the catalogue knows. */
export function apiNameLists(source: string, known: ReadonlySet<string>): string[][] {
  return nameLists(source).filter((list) => list.some((name) => name.split(/::|\./).some((seg) => known.has(seg) && /^[a-z_]\w*$|^[A-Z]\w*$/.test(seg) && seg.length > 3)));
}

export function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...ruleFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}
