import type { Node } from '../../rust/parser.js';
import { defineRule } from '../define-rule.js';
import { patternIdentifier } from '../../rust/syntax.js';
import { usesOf, type Declaration } from '../../model/bindings.js';
import { lockUsesOf, type FieldUseKind } from '../../model/fields.js';
import { isStdCollection } from '../../catalogue/locks.js';
import { typeArgs, typeHead } from '../../model/clone-cost.js';

const LOCKS = /^(Mutex|RwLock)$/;

interface Verdict {
  reads: { path: string; line: number; count: number }[];
  replaced: boolean;
  mutated: boolean;
}

const verdict = (): Verdict => ({ reads: [], replaced: false, mutated: false });

/** One use of the lock (`count` alike at `path:line`), judged for a guarded type whose head is `inner`. */
function record(v: Verdict, use: FieldUseKind, inner: string, path: string, line: number, count = 1): void {
  if (use === 'lock-read' || (use === 'lock-lookup' && isStdCollection(inner))) v.reads.push({ path, line, count });
  else if (use === 'lock-replace') v.replaced = true;
  else v.mutated = true;
}

export default defineRule({
  id: 'ownership/read-only-mutex',
  role: 'ownership',
  category: 'perf',
  docs: {
    summary: 'An `Arc<Mutex<T>>` / `Arc<RwLock<T>>` field or binding that every use only reads: `Arc<T>` would do.',
    why: 'Every request then takes a lock (and risks poisoning) to read data that never changes after start-up; under load the lock becomes a contention point. Immutable shared data needs no lock.',
    bad: `use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState {
    pub pagination: Arc<Mutex<PaginationConfig>>,
}

pub async fn list(State(state): State<AppState>) -> i64 {
    let p = state.pagination.lock().unwrap();
    p.default_page_size
}
`,
    good: `use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pagination: Arc<PaginationConfig>,
}

pub async fn list(State(state): State<AppState>) -> i64 {
    state.pagination.default_page_size
}
`,
    anchor: 'std::sync::Arc docs (shared immutable data needs no lock); Tokio tutorial "Shared state"; arc-swap crate docs',
  },
  messages: {
    readOnly: '`{{owner}}` is `{{type}}` but every use only reads it ({{where}}); store `Arc<{{inner}}>` and drop the lock',
  },
  help: 'Data fixed at start-up needs no lock: share `Arc<T>` (or the plain value when it is small and `Clone`).',
  requires: /Mutex|RwLock/,
  create(ctx) {
    const report = (v: Verdict, node: Node, owner: string, type: string, inner: string): void => {
      // A lock whose value is replaced at runtime (a config reload) is doing its job.
      if (v.mutated || v.replaced || !v.reads.length) return;
      const first = [...v.reads].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line)[0]!;
      const count = v.reads.reduce((n, r) => n + r.count, 0);
      const where = `${count} read${count > 1 ? 's' : ''}, e.g. ${first.path}:${first.line}`;
      ctx.report({ node, messageId: 'readOnly', data: { owner, type, where, inner } });
    };
    return {
      // Struct fields: judged by every use in the crate (the model's field uses of every file).
      struct_item(s) {
        const name = s.childForFieldName('name')?.text;
        if (!name || ctx.isTest(s)) return;
        for (const f of s.childForFieldName('body')?.namedChildren ?? []) {
          const type = f.type === 'field_declaration' ? f.childForFieldName('type') : null;
          const field = f.childForFieldName('name')?.text;
          const lock = type && field ? lockedInArc(type) : null;
          if (!lock) continue;
          const v = verdict();
          for (const { file, use } of ctx.model.index.fieldUses(ctx.model.crate, field!)) {
            // `settings.pagination` of another struct: a field of the same name, not our lock.
            if (use.owner && use.owner !== name && use.owner !== 'Self' && /^[A-Z]/.test(use.owner)) continue;
            record(v, use.use, lock.inner, file.path, use.line, use.count);
          }
          report(v, f, `${name}.${field}`, type!.text, lock.innerText);
        }
      },
      // `let cache = Arc::new(Mutex::new(..))` bindings inside one fn.
      let_declaration(letDecl) {
        if (ctx.isTest(letDecl)) return;
        const value = letDecl.childForFieldName('value');
        const m = value && /^(?:std::sync::)?Arc::new\(\s*(?:[\w:]*::)?(Mutex|RwLock)::new\(/.exec(value.text);
        const pattern = letDecl.childForFieldName('pattern');
        const ident = patternIdentifier(pattern);
        if (!m || ident?.type !== 'identifier' || letDecl.parent?.type !== 'block') return;
        const decl: Declaration = { kind: 'let', name: ident.text, node: letDecl, ident, type: null, value, scope: letDecl.parent, simple: true };
        const v = verdict();
        for (const u of usesOf(decl)) {
          if (u.inMacro) v.mutated = true;
          else for (const use of lockUsesOf(u.node)) record(v, use, '', ctx.path, u.node.startPosition.row + 1);
        }
        report(v, letDecl, ident.text, `Arc<${m[1]}<..>>`, '..');
      },
    };
  },
});

/** `Arc<Mutex<T>>` / `Arc<RwLock<T>>` (std, tokio or parking_lot): the lock kind and `T`. */
function lockedInArc(type: Node): { lock: string; inner: string; innerText: string } | null {
  if (typeHead(type) !== 'Arc') return null;
  const lock = typeArgs(type)[0];
  if (!lock || !LOCKS.test(typeHead(lock))) return null;
  const inner = typeArgs(lock)[0];
  if (!inner || inner.type === 'unit_type') return null;
  return { lock: typeHead(lock), inner: typeHead(inner) || inner.text, innerText: inner.text };
}
