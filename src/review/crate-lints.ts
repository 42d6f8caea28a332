/**
 * Clippy lints a crate allows as a whole (issue 15 item 6, issue 19 item 6): `[lints.clippy]` in its
 * Cargo.toml, `[workspace.lints.clippy]` in the workspace's when the member says
 * `lints.workspace = true`, and `#![allow(clippy::..)]` / `#![expect(..)]` in the crate roots the
 * manifest declares (`[lib] path`, `[[bin]] path`; by default `src/lib.rs`, `src/main.rs`). A
 * finding of a rule that mirrors an allowed lint, in a file of that crate, is suppressed as clippy
 * would be.
 */
import type { AnalysisOutput } from '../rules/engine.js';
import type { Rule } from '../rules/define-rule.js';
import { mirroredLints } from './suppression.js';
import { manifestFact } from '../model/manifests.js';

/** `lint = "allow"` or `lint = { level = "allow", priority = .. }` per lint, from one TOML table. */
export interface ManifestLints {
  /** Lints the crate's own `[lints.clippy]` allows. */
  allowed: Set<string>;
  /** `[lints] workspace = true` (or `lints.workspace = true`). */
  inheritsWorkspace: boolean;
  /** `[workspace.lints.clippy]` allows (workspace root manifests). */
  workspaceAllowed: Set<string>;
}

const ALLOW_VALUE = /^(?:"allow"|'allow'|\{[^}]*\blevel\s*=\s*["']allow["'][^}]*\})\s*(#.*)?$/;

/** Reads the lint tables of a Cargo.toml (a line-based reader: Cargo's lint tables are flat). */
export function manifestLints(toml: string): ManifestLints {
  const out: ManifestLints = { allowed: new Set(), inheritsWorkspace: false, workspaceAllowed: new Set() };
  let table = '';
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = header[1]!.replace(/\s+/g, '');
      continue;
    }
    const kv = /^([\w.\-"']+)\s*=\s*(.+)$/.exec(line);
    if (!kv) continue;
    const key = `${table ? `${table}.` : ''}${kv[1]!.replace(/["']/g, '')}`;
    const value = kv[2]!.trim();
    if (key === 'lints.workspace' && /^true\b/.test(value)) out.inheritsWorkspace = true;
    const lint = /^(workspace\.)?lints\.clippy\.([\w-]+)$/.exec(key);
    if (lint && ALLOW_VALUE.test(value)) (lint[1] ? out.workspaceAllowed : out.allowed).add(lint[2]!.replace(/-/g, '_'));
  }
  return out;
}

/** `#![allow(clippy::a, clippy::b)]` / `#![expect(..)]` at the top of a crate root. */
export function crateRootLints(source: string): Set<string> {
  const out = new Set<string>();
  for (const m of source.matchAll(/#!\[\s*(?:allow|expect)\s*\(([^\]]*)\)\s*\]/g)) {
    for (const l of m[1]!.matchAll(/clippy::(\w+)/g)) out.add(l[1]!);
  }
  return out;
}

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/**
 * Per crate directory ('' for the repository root), the clippy lints the crate allows as a whole.
 * `read` gives the head content of a path (undefined when absent).
 */
export async function crateLintAllows(paths: readonly string[], reviewed: readonly string[], read: (path: string) => Promise<string | undefined>): Promise<Map<string, Set<string>>> {
  // Only the manifests above a reviewed file (its crate's and the workspace's): the App fetches each.
  const all = new Set(paths.filter((p) => p === 'Cargo.toml' || p.endsWith('/Cargo.toml')));
  const wanted = new Set<string>();
  for (const f of reviewed) {
    for (let d = dirOf(f); ; d = dirOf(d)) {
      const m = d ? `${d}/Cargo.toml` : 'Cargo.toml';
      if (all.has(m)) wanted.add(m);
      if (!d) break;
    }
  }
  const manifests = [...wanted];
  const parsed = new Map<string, ManifestLints>();
  // A crate root is where the manifest puts it (`[lib] path`, `[[bin]] path`), else the default.
  const roots = new Map<string, string[]>();
  for (const m of manifests) {
    const text = await read(m);
    if (text === undefined) continue;
    parsed.set(dirOf(m), manifestLints(text));
    const { lib, bins } = manifestFact(m, text);
    roots.set(dirOf(m), [...new Set([lib ?? 'src/lib.rs', 'src/main.rs', ...(bins ?? [])])]);
  }
  const out = new Map<string, Set<string>>();
  const pathSet = new Set(paths);
  for (const [dir, lints] of parsed) {
    const allowed = new Set(lints.allowed);
    if (lints.inheritsWorkspace) {
      // The nearest manifest above with a [workspace.lints] table.
      for (let d = dir; ; d = dirOf(d)) {
        const ws = d === dir ? undefined : parsed.get(d);
        if (ws?.workspaceAllowed.size) {
          for (const l of ws.workspaceAllowed) allowed.add(l);
          break;
        }
        if (!d) break;
      }
    }
    for (const root of roots.get(dir) ?? []) {
      const p = dir ? `${dir}/${root}` : root;
      if (!pathSet.has(p)) continue;
      const text = await read(p);
      if (text) for (const l of crateRootLints(text)) allowed.add(l);
    }
    if (allowed.size) out.set(dir, allowed);
  }
  return out;
}

/** The crate directory a file belongs to: the nearest directory above it with a manifest. */
function crateOf(path: string, crates: ReadonlyMap<string, unknown>): string | undefined {
  for (let d = dirOf(path); ; d = dirOf(d)) {
    if (crates.has(d)) return d;
    if (!d) return undefined;
  }
}

/** Moves findings of rules mirroring a lint their crate allows to `suppressed`. */
export function applyCrateLints(output: AnalysisOutput, allows: ReadonlyMap<string, Set<string>>, ruleById: (id: string) => Rule | undefined): void {
  if (!allows.size) return;
  const kept = [];
  for (const f of output.findings) {
    const rule = ruleById(f.ruleId);
    const crate = rule && crateOf(f.path, allows);
    const allowed = crate !== undefined ? allows.get(crate) : undefined;
    if (rule && allowed && (f.mirrors ?? mirroredLints(rule)).some((l) => allowed.has(l))) output.suppressed.push(f);
    else kept.push(f);
  }
  output.findings = kept;
}
