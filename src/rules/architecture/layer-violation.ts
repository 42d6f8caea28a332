import type { Node } from '../../rust/parser.js';
import { isNameLeaf, tokenLeaves } from '../../rust/macros.js';
import { descendants, lineOf } from '../../rust/syntax.js';
import { ADAPTER_FRAMEWORK_CRATES } from '../../catalogue/packages.js';
import { isAdapterCrateWord } from '../../catalogue/naming.js';
import { defineRule, type ChangeContext } from '../define-rule.js';
import { dependencyLines, packageName } from '../../model/manifests.js';
import { layoutOf } from '../../model/crate-layout.js';

/** By default a domain crate must not depend on a server framework or a database client (the catalogue's). */
const DEFAULT_FORBIDDEN = [...ADAPTER_FRAMEWORK_CRATES];

const asIdent = (crate: string) => crate.replace(/-/g, '_');

function isDomainCrate(names: string[], domainNames: string[]): boolean {
  return names.some((name) => {
    const words = name.toLowerCase().split(/[-_]/);
    return words.some((w) => domainNames.includes(w)) && !words.some(isAdapterCrateWord);
  });
}

/** Forbidden crate paths used in a Rust file: `use sqlx::..`, `axum::Json`, `#[derive(sqlx::FromRow)]`. */
function forbiddenUses(root: Node, forbidden: Set<string>): { line: number; crate: string }[] {
  const out: { line: number; crate: string }[] = [];
  for (const n of descendants(root)) {
    if (n.type === 'use_declaration') {
      const head = (n.childForFieldName('argument')?.text ?? '').replace(/^::/, '').split(/::|\s|\{/)[0]!;
      if (forbidden.has(head)) out.push({ line: lineOf(n), crate: head });
    } else if ((n.type === 'scoped_identifier' || n.type === 'scoped_type_identifier') && n.parent?.type !== 'scoped_identifier' && n.parent?.type !== 'scoped_type_identifier' && !n.parent?.type.startsWith('use_') && n.parent?.type !== 'scoped_use_list') {
      const head = n.text.replace(/^::/, '').split('::')[0]!;
      if (forbidden.has(head)) out.push({ line: lineOf(n), crate: head });
    } else if (n.type === 'attribute') {
      const path = n.namedChildren[0]?.text ?? '';
      if (forbidden.has(path)) out.push({ line: lineOf(n), crate: path }); // `#[sqlx(rename = ..)]`, `#[diesel(table_name = ..)]`
      const args = n.childForFieldName('arguments');
      if (args) {
        const leaves = tokenLeaves(args);
        const hit = leaves.find((l, i) => isNameLeaf(l) && forbidden.has(l.text) && leaves[i + 1]?.text === '::');
        if (hit) out.push({ line: lineOf(hit), crate: hit.text });
      }
    }
  }
  return out;
}

export default defineRule({
  id: 'architecture/layer-violation',
  role: 'architecture',
  category: 'suspicious',
  options: { domain_crates: ['domain', 'core', 'model'], forbidden_crates: DEFAULT_FORBIDDEN },
  optionDocs: {
    domain_crates: 'Names of the domain crates (package names or directory names under the workspace), compared case-insensitively.',
    forbidden_crates: 'Crates a domain crate must not depend on or import (web and database frameworks by default).',
  },
  renamedOptions: { domainCrates: 'domain_crates', forbiddenCrates: 'forbidden_crates' },
  docs: {
    summary: 'A domain crate (by default one named `domain`, `core` or `model`) gains a dependency on a web or database framework (axum, actix-web, sqlx, diesel, tokio-postgres), in its Cargo.toml or its imports.',
    why: 'The domain crate is the part that should outlive frameworks and be testable without a database or an HTTP server. Once it depends on one, every consumer compiles it, domain types grow framework derives, and the layering the workspace was split for erodes one import at a time.',
    bad: `[package]
name = "domain"
version = "0.1.0"

[dependencies]
serde = "1"
sqlx = { version = "0.8", features = ["postgres"] }
`,
    good: `[package]
name = "domain"
version = "0.1.0"

[dependencies]
serde = "1"
thiserror = "2"
`,
    path: 'crates/domain/Cargo.toml',
    anchor: 'Project layering policy (hexagonal / ports and adapters); no clippy lint',
  },
  messages: {
    manifest: 'domain crate `{{crate}}` now depends on `{{dep}}`: the domain layer should not know about web or database frameworks',
    import: 'domain crate `{{crate}}` uses `{{dep}}` here: the domain layer should not know about web or database frameworks',
  },
  help: 'Keep framework types in the adapter crates (api, persistence): define a trait (port) or plain types in the domain and implement or convert them where the framework lives.',
  async check(ctx) {
    // A whole tree has no change: a dependency it holds is a standing decision of its history (as
    // migrations are applied history there), not a domain crate gaining a framework.
    if (ctx.wholeTree) return;
    const domainNames = ((ctx.options.domain_crates as string[] | undefined) ?? []).map((s) => s.toLowerCase());
    const forbiddenCrates = (ctx.options.forbidden_crates as string[] | undefined) ?? DEFAULT_FORBIDDEN;
    const forbidden = new Set(forbiddenCrates);
    const forbiddenIdents = new Set(forbiddenCrates.map(asIdent));
    const crateNames = new Map<string, Promise<string | null>>();
    const crateNameOf = (dir: string): Promise<string | null> => {
      let p = crateNames.get(dir);
      if (!p) crateNames.set(dir, (p = ctx.readHead(`${dir}Cargo.toml`).then((m) => (m === undefined ? null : packageName(m)))));
      return p;
    };
    const dirName = (dir: string) => dir.replace(/\/$/, '').split('/').pop() ?? '';
    /** Forbidden crates the crate's manifest listed under [dependencies] on the base side. */
    const baseDependencies = async (dir: string): Promise<Set<string>> => {
      const manifest = await ctx.readBase(`${dir}Cargo.toml`);
      if (manifest === undefined) return new Set();
      return new Set(dependencyLines(manifest).filter((d) => d.kind === 'dependencies' && forbidden.has(d.crate)).map((d) => d.crate));
    };

    // Manifests first: a new dependency is commented on its Cargo.toml line, not on every import.
    const flagged = new Set<string>();
    for (const f of ctx.files) {
      if (f.status === 'removed' || !/(^|\/)Cargo\.toml$/.test(f.path)) continue;
      const dir = f.path.slice(0, -'Cargo.toml'.length);
      const manifest = await ctx.readHead(f.path);
      if (manifest === undefined) continue;
      const name = packageName(manifest);
      if (!name || !isDomainCrate([name, dirName(dir)], domainNames)) continue;
      // A crate that already depended on a web or database framework before this change is not a
      // framework-free domain crate (real `*-core` crates hold the server): a bump, a move to
      // `workspace = true` or one more framework crate (`axum-extra` next to `axum`) is no new decision.
      if ((await baseDependencies(dir)).size) continue;
      for (const dep of dependencyLines(manifest)) {
        if (dep.kind !== 'dependencies' || !forbidden.has(dep.crate) || !f.addedLines.has(dep.line)) continue;
        ctx.report({ path: f.path, line: dep.line, messageId: 'manifest', data: { crate: name, dep: dep.crate } });
        flagged.add(dir);
      }
    }

    for (const f of ctx.files) {
      if (f.status === 'removed' || !f.path.endsWith('.rs') || !f.addedLines.size) continue;
      const dir = layoutOf(ctx.project).nearestManifestDir(f.path);
      if (dir === null || flagged.has(dir) || /(^|\/)(tests|benches|examples)\//.test(f.path.slice(dir.length))) continue;
      const name = await crateNameOf(dir);
      if (!name || !isDomainCrate([name, dirName(dir)], domainNames)) continue;
      const source = await ctx.readHead(f.path);
      if (source === undefined) continue;
      // Likewise its new imports: the crate was framework-coupled before this change.
      if ((await baseDependencies(dir)).size) continue;
      const uses = forbiddenUses(ctx.parse(source), forbiddenIdents).filter((u) => f.addedLines.has(u.line));
      // One comment per file: the first new use names the problem; the rest are the same decision.
      const first = uses.sort((a, b) => a.line - b.line)[0];
      if (first) ctx.report({ path: f.path, line: first.line, messageId: 'import', data: { crate: name, dep: first.crate } });
    }
  },
});
