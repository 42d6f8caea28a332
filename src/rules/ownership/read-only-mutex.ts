import type { Node } from '../../rust/parser.js';
import { descendants, isTestContext, lineOf, methodName } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { resolveBinding, usesOf, type Declaration } from '../../model/bindings.js';
import { implTypeName } from './support/values.js';
import { classifyLockCall, isLockCall, type LockUse } from './support/locks.js';
import { ProjectFiles } from './support/project.js';
import { typeArgs, typeHead } from './support/types.js';

const LOCKS = /^(Mutex|RwLock)$/;

interface Verdict {
  reads: { path: string; line: number }[];
  replaced: boolean;
  mutated: boolean;
}

const verdict = (): Verdict => ({ reads: [], replaced: false, mutated: false });

function record(v: Verdict, use: LockUse, path: string, node: Node): void {
  if (use === 'mutate') v.mutated = true;
  else if (use === 'replace') v.replaced = true;
  else v.reads.push({ path, line: lineOf(node) });
}

/** `x.clone()` / `Arc::clone(&x)` bound by a `let`: the alias's declaration, else null. */
function aliasOf(expr: Node): Declaration | null {
  let call: Node | null = null;
  if (expr.parent?.type === 'field_expression' && expr.parent.parent?.type === 'call_expression' && methodName(expr.parent.parent) === 'clone') call = expr.parent.parent;
  else if (expr.parent?.type === 'reference_expression' && expr.parent.parent?.type === 'arguments' && /(^|::)(Arc|Rc)::clone$/.test(expr.parent.parent.parent?.childForFieldName('function')?.text ?? '')) call = expr.parent.parent.parent;
  const letDecl = call?.parent;
  if (!call || letDecl?.type !== 'let_declaration' || letDecl.parent?.type !== 'block') return null;
  const pattern = letDecl.childForFieldName('pattern');
  const ident = pattern?.type === 'identifier' ? pattern : pattern?.type === 'mut_pattern' ? pattern.namedChildren[0] : null;
  if (ident?.type !== 'identifier') return null;
  return { kind: 'let', name: ident.text, node: letDecl, ident, type: null, value: call, scope: letDecl.parent, simple: true };
}

/** Judges one use of the shared lock (`state.cache` or a binding): a lock site, an alias to follow, or unknown. */
function judge(expr: Node, inner: string, path: string, v: Verdict, depth = 0): void {
  const p = expr.parent;
  if (p?.type === 'field_expression' && p.childForFieldName('value')?.id === expr.id && p.parent?.type === 'call_expression' && isLockCall(p.parent)) {
    record(v, classifyLockCall(p.parent, inner), path, p.parent);
    return;
  }
  const alias = depth < 3 ? aliasOf(expr) : null;
  if (alias) {
    for (const u of usesOf(alias)) {
      if (u.inMacro) v.mutated = true;
      else judge(u.node, inner, path, v, depth + 1);
    }
    return;
  }
  v.mutated = true;
}

export default defineRule({
  id: 'ownership/read-only-mutex',
  role: 'ownership',
  category: 'perf',
  docs: {
    summary: 'An `Arc<Mutex<T>>` / `Arc<RwLock<T>>` field or binding that every use only reads: `Arc<T>` would do.',
    why: 'Every request then takes a lock (and risks poisoning) to read data that never changes after start-up; under load the lock becomes a contention point. Immutable shared data needs no lock.',
    bad: 'use std::sync::{Arc, Mutex};\n\n#[derive(Clone)]\npub struct AppState {\n    pub pagination: Arc<Mutex<PaginationConfig>>,\n}\n\npub async fn list(State(state): State<AppState>) -> i64 {\n    let p = state.pagination.lock().unwrap();\n    p.default_page_size\n}\n',
    good: 'use std::sync::Arc;\n\n#[derive(Clone)]\npub struct AppState {\n    pub pagination: Arc<PaginationConfig>,\n}\n\npub async fn list(State(state): State<AppState>) -> i64 {\n    state.pagination.default_page_size\n}\n',
    anchor: 'std::sync::Arc docs (shared immutable data needs no lock); Tokio tutorial "Shared state"; arc-swap crate docs',
  },
  messages: {
    readOnly: '`{{owner}}` is `{{type}}` but every use only reads it ({{where}}); store `Arc<{{inner}}>` and drop the lock',
  },
  help: 'Data fixed at start-up needs no lock: share `Arc<T>` (or the plain value when it is small and `Clone`).',
  async check(ctx) {
    const project = new ProjectFiles(ctx);
    for (const changed of ctx.files) {
      if (changed.status === 'removed' || !changed.path.endsWith('.rs')) continue;
      const file = await project.get(changed.path);
      if (!file) continue;
      // Struct fields: judged by every use in the crate.
      for (const s of file.structs.structs.values()) {
        if (isTestContext(s.node, file.path)) continue;
        for (const f of s.fields) {
          const lock = lockedInArc(f.type);
          if (!lock) continue;
          const v = verdict();
          for (const path of project.crateFiles(file.path)) {
            const text = await ctx.readHead(path);
            if (!text || !text.includes(`.${f.name}`)) continue;
            const other = await project.get(path);
            for (const n of descendants(other!.root)) {
              if (n.type === 'field_expression' && n.childForFieldName('field')?.text === f.name) {
                if (!receiverIsOther(n.childForFieldName('value'), s.name)) judge(n, lock.inner, path, v);
              }
              else if (n.type === 'token_tree' && new RegExp(`\\.\\s*${f.name}\\b`).test(n.text) && n.parent?.type === 'macro_invocation') v.mutated = true;
            }
            if (v.mutated) break;
          }
          report(v, file.path, f.decl, `${s.name}.${f.name}`, f.type.text, lock.innerText);
        }
      }
      // `let cache = Arc::new(Mutex::new(..))` bindings inside one fn.
      for (const letDecl of descendants(file.root)) {
        if (letDecl.type !== 'let_declaration' || isTestContext(letDecl, file.path)) continue;
        const value = letDecl.childForFieldName('value');
        const m = value && /^(?:std::sync::)?Arc::new\(\s*(?:[\w:]*::)?(Mutex|RwLock)::new\(/.exec(value.text);
        const pattern = letDecl.childForFieldName('pattern');
        const ident = pattern?.type === 'identifier' ? pattern : pattern?.type === 'mut_pattern' ? pattern.namedChildren[0] : null;
        if (!m || ident?.type !== 'identifier' || letDecl.parent?.type !== 'block') continue;
        const decl: Declaration = { kind: 'let', name: ident.text, node: letDecl, ident, type: null, value, scope: letDecl.parent, simple: true };
        const v = verdict();
        for (const u of usesOf(decl)) {
          if (u.inMacro) v.mutated = true;
          else judge(u.node, '', file.path, v);
        }
        report(v, file.path, letDecl, ident.text, `Arc<${m[1]}<..>>`, '..');
      }
    }

    function report(v: Verdict, path: string, node: Node, owner: string, type: string, inner: string): void {
      // A lock whose value is replaced at runtime (a config reload) is doing its job.
      if (v.mutated || v.replaced || !v.reads.length) return;
      const first = v.reads[0]!;
      const where = `${v.reads.length} read${v.reads.length > 1 ? 's' : ''}, e.g. ${first.path}:${first.line}`;
      ctx.report({ path, node, messageId: 'readOnly', data: { owner, type, where, inner } });
    }
  },
});

/**
 * The receiver of `x.field` is evidently another struct (`settings: &Settings` when we look at
 * `AppState.pagination`): a field of the same name elsewhere, not our lock.
 */
function receiverIsOther(recv: Node | null, structName: string): boolean {
  if (!recv) return false;
  if (recv.type === 'self') {
    const t = implTypeName(recv);
    return !!t && t !== structName;
  }
  if (recv.type !== 'identifier') return false;
  const decl = resolveBinding(recv);
  let t = decl?.type ?? null;
  while (t && (t.type === 'reference_type' || /^(State|Data|Extension|Arc)$/.test(typeHead(t)))) t = t.type === 'reference_type' ? t.childForFieldName('type') : typeArgs(t)[0] ?? null;
  const head = t ? typeHead(t) : '';
  return /^[A-Z]\w*$/.test(head) && head !== structName && head !== 'Self';
}

/** `Arc<Mutex<T>>` / `Arc<RwLock<T>>` (std, tokio or parking_lot): the lock kind and `T`. */
function lockedInArc(type: Node): { lock: string; inner: string; innerText: string } | null {
  if (typeHead(type) !== 'Arc') return null;
  const lock = typeArgs(type)[0];
  if (!lock || !LOCKS.test(typeHead(lock))) return null;
  const inner = typeArgs(lock)[0];
  if (!inner || inner.type === 'unit_type') return null;
  return { lock: typeHead(lock), inner: typeHead(inner) || inner.text, innerText: inner.text };
}
