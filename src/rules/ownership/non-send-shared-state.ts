import type { Node } from '../../rust/parser.js';
import { calleeText, descendants, fnName, isAsyncFn, isNestedItem, lineOf, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { inside, isVariableUse, resolveBinding } from '../../model/bindings.js';
import { constructedTypePath } from '../../model/types.js';
import { calledFunction } from '../../model/fn-items.js';
import { NOT_SEND, NOT_SYNC, findNonThreadSafe, spawnedBody } from '../../model/thread-safety.js';
import { namesAppState } from '../../catalogue/naming.js';
import { isSharedStateExtractor } from '../../catalogue/web.js';
import { StructIndex, typeArgs, typeHead } from '../../model/clone-cost.js';
import { implTypeName, structNameOf } from '../../model/value-shapes.js';

// Same members, in the orders the checks below have always used (the first offending type wins).
const NOT_SYNC_OR_SEND = new Set([...NOT_SYNC, ...NOT_SEND]);
const NOT_SEND_OR_SYNC = new Set([...NOT_SEND, ...NOT_SYNC]);

export default defineRule({
  id: 'ownership/non-send-shared-state',
  role: 'ownership',
  category: 'correctness',
  // Every finding names `Rc` / `Weak` / `RefCell` / `Cell` / `UnsafeCell` / `OnceCell` as written (aliases are not resolved).
  requires: /Rc|Weak|Cell/,
  clippyLint: 'arc_with_non_send_sync',
  docs: {
    summary: '`Rc` / `RefCell` / `Cell` in state moved into `tokio::spawn` or stored as axum/actix app state, an `Rc` or `RefCell` borrow alive across an `.await` in a spawned future, and `Arc<RefCell<T>>` (written as a type or built as `Arc::new(RefCell::new(..))`).',
    why: '`tokio::spawn` needs a `Send` future and app state must be `Send + Sync`: an `Rc` (or a `RefCell` shared between requests) makes the build fail with an opaque trait-bound error far from the field, or forces the code onto a single thread. `Arc<RefCell<T>>` is never shareable across threads, so the `Arc` buys nothing.',
    bad: `use std::cell::RefCell;
use std::rc::Rc;

pub struct Recorder {
    buffer: Rc<RefCell<Vec<Event>>>,
}

pub fn start(mut rx: Receiver<Event>) {
    let recorder = Recorder { buffer: Rc::new(RefCell::new(Vec::new())) };
    tokio::spawn(async move {
        while let Some(e) = rx.recv().await {
            recorder.buffer.borrow_mut().push(e);
        }
    });
}
`,
    good: `pub struct Recorder {
    buffer: Vec<Event>,
}

pub fn start(mut rx: Receiver<Event>) {
    let mut recorder = Recorder { buffer: Vec::new() };
    tokio::spawn(async move {
        while let Some(e) = rx.recv().await {
            recorder.buffer.push(e);
        }
    });
}
`,
    anchor: 'tokio::spawn docs (F: Future + Send + \'static); clippy::arc_with_non_send_sync; axum docs (state must be Clone + Send + Sync)',
  },
  messages: {
    fieldSpawned: '`{{struct}}.{{field}}` is `{{type}}`, which is not `Send`, yet a `{{struct}}` (`{{binding}}`) is moved into the spawned task on line {{spawnLine}}',
    localSpawned: '`{{name}}` is `{{type}}`, which is not `Send`, yet it is moved into the spawned task on line {{spawnLine}}',
    heldAcrossAwaitInFn: '`{{name}}` ({{what}}) is alive across the `.await` on line {{awaitLine}} in `{{fn}}`, whose future is spawned on line {{spawnLine}}, so the task\'s future is not `Send`',
    heldAcrossAwait: '`{{name}}` ({{what}}) is alive across the `.await` on line {{awaitLine}} inside a spawned task, so the task\'s future is not `Send`',
    fieldInState: '`{{struct}}.{{field}}` is `{{type}}`, which is not `Send + Sync`, but `{{struct}}` is shared app state ({{how}})',
    arcNonSync: {
      text: '`{{type}}`: `{{inner}}` is neither `Send` nor `Sync`, so this `Arc` can never be shared across threads; use `Arc<Mutex<..>>` / `Arc<RwLock<..>>`, or `Rc` on a single thread',
      category: 'suspicious',
    },
  },
  help: 'Use `Arc` for shared ownership and `Mutex`/`RwLock`/atomics for shared mutation, or, when only one task owns the value, drop the sharing wrapper and own it directly (`Vec<T>` + `&mut self`).',
  create(ctx) {
    // Built on first need (usually in `end`, after the walk): shared with the other ownership rules.
    let structIndex: StructIndex | undefined;
    const structs = () => (structIndex ??= StructIndex.of(ctx.root));
    const reportedFields = new Set<number>();
    const stateStructs = new Map<string, string>();
    const arcLines = new Set<number>();

    function nonThreadSafeField(structName: string | null, names: ReadonlySet<string>) {
      const s = structName ? structs().get(structName) : undefined;
      if (!s) return null;
      for (const f of s.fields) {
        const bad = findNonThreadSafe(f.type, names, ctx.imports);
        if (bad) return { s, f, bad };
      }
      return null;
    }

    const reportedLets = new Set<number>();

    /**
     * `tokio::spawn(run_job(state, id))`, or `.await`s of same-file async fns inside the spawned
     * block: their bodies are part of the spawned future, so an `Rc` or `RefCell` guard held across
     * an `.await` there makes the task `!Send` just the same. Followed two calls deep.
     */
    function followCalls(from: Node, spawnLine: number, visited: Set<number>, depth: number): void {
      const calls = from.type === 'call_expression' ? [from] : [];
      for (const d of descendants(from, (n) => isNestedItem(n) || n.type === 'closure_expression')) {
        if (d.type === 'await_expression' && d.namedChildren[0]?.type === 'call_expression') calls.push(d.namedChildren[0]);
      }
      for (const c of calls) {
        const target = calledFunction(c, ctx.model);
        if (!target || visited.has(target.id) || !isAsyncFn(target) || ctx.isTest(target)) continue;
        visited.add(target.id);
        const body = target.childForFieldName('body');
        if (!body) continue;
        for (const d of descendants(body, (n) => isNestedItem(n) || n.type === 'closure_expression' || n.type === 'async_block')) {
          if (d.type === 'let_declaration') checkHeldAcrossAwait(d, body, { fn: fnName(target), spawnLine });
        }
        if (depth < 2) followCalls(body, spawnLine, visited, depth + 1);
      }
    }

    function onSpawn(call: Node, body: Node): void {
      const spawnLine = lineOf(call);
      followCalls(body, spawnLine, new Set(), 1);
      const seen = new Set<number>();
      for (const d of descendants(body)) {
        if (d.type === 'let_declaration') checkHeldAcrossAwait(d, body);
        if (!(isVariableUse(d) || d.type === 'self')) continue;
        const decl = d.type === 'self' ? null : resolveBinding(d);
        if (d.type !== 'self' && (!decl || inside(decl.ident, body) || seen.has(decl.ident.id))) continue;
        if (decl) seen.add(decl.ident.id);
        const declType = decl?.type ?? null;
        const rc = declType ? findNonThreadSafe(declType, NOT_SEND, ctx.imports) : null;
        const rcValue = decl?.value && /^(std::rc::)?Rc::(new|clone)\b/.test(decl.value.text) ? decl.value : null;
        if (decl && (rc || rcValue)) {
          ctx.report({ node: decl.node, messageId: 'localSpawned', data: { name: decl.name, type: rc ? rc.text : 'Rc<..>', spawnLine } });
          continue;
        }
        const structName = d.type === 'self' ? implTypeName(d) : decl?.type ? typeHead(decl.type) : structNameOf(decl?.value ?? null);
        const hit = nonThreadSafeField(structName, NOT_SEND);
        if (hit && !reportedFields.has(hit.f.decl.id)) {
          reportedFields.add(hit.f.decl.id);
          ctx.report({ node: hit.f.decl, messageId: 'fieldSpawned', data: { struct: hit.s.name, field: hit.f.name, type: hit.bad.text, binding: d.text, spawnLine } });
        }
      }
    }

    /** `let x = Rc::new(..)` or a `RefCell` borrow guard inside the spawned future, with an `.await` later in its block. */
    function checkHeldAcrossAwait(letDecl: Node, future: Node, via?: { fn: string; spawnLine: number }): void {
      if (reportedLets.has(letDecl.id)) return;
      const value = letDecl.childForFieldName('value');
      const name = letDecl.childForFieldName('pattern');
      if (!value || (name?.type !== 'identifier' && name?.type !== 'mut_pattern')) return;
      const ident = name.type === 'identifier' ? name.text : name.namedChildren[0]?.text ?? '';
      const declared = letDecl.childForFieldName('type');
      let what: string | null = null;
      if (/^(std::rc::)?Rc::(new|clone)\b/.test(value.text) || (declared && typeHead(declared) === 'Rc' && findNonThreadSafe(declared, NOT_SEND, ctx.imports))) what = 'an `Rc`';
      else if (value.type === 'call_expression' && /^borrow(_mut)?$/.test(methodName(value) ?? '') && isRefCell(methodReceiver(value))) what = 'a `RefCell` borrow guard';
      if (!what) return;
      const block = letDecl.parent;
      if (block?.type !== 'block') return;
      for (const stmt of block.namedChildren) {
        if (stmt.startIndex <= letDecl.startIndex) continue;
        if (new RegExp(`\\bdrop\\(\\s*${ident}\\s*\\)`).test(stmt.text)) return;
        const aw = [stmt, ...descendants(stmt, (n) => n.type === 'closure_expression' || n.type === 'async_block')].find((n) => n.type === 'await_expression');
        if (aw && inside(aw, future)) {
          reportedLets.add(letDecl.id);
          if (via) ctx.report({ node: letDecl, messageId: 'heldAcrossAwaitInFn', data: { name: ident, what, awaitLine: lineOf(aw), fn: via.fn, spawnLine: via.spawnLine } });
          else ctx.report({ node: letDecl, messageId: 'heldAcrossAwait', data: { name: ident, what, awaitLine: lineOf(aw) } });
          return;
        }
      }
    }

    function isRefCell(recv: Node | null): boolean {
      if (!recv) return false;
      if (recv.type === 'identifier') {
        const decl = resolveBinding(recv);
        return !!decl && (!!(decl.type && findNonThreadSafe(decl.type, NOT_SYNC, ctx.imports)) || /^(std::cell::)?RefCell::new\b|Rc::new\(\s*RefCell::new/.test(decl.value?.text ?? ''));
      }
      if (recv.type === 'field_expression') {
        const struct = structNameOf(recv.childForFieldName('value'));
        const field = recv.childForFieldName('field')?.text;
        const f = struct ? structs().get(struct)?.fields.find((x) => x.name === field) : undefined;
        return !!f && !!findNonThreadSafe(f.type, NOT_SYNC, ctx.imports);
      }
      return false;
    }

    /**
     * `Arc::new(RefCell::new(..))`: the same `Arc<RefCell<T>>` as the written type, built without
     * naming it. The argument's type is the one its constructor builds (a std `Rc` / `RefCell` / ..).
     */
    function checkArcOfConstructed(call: Node): void {
      const args = call.childForFieldName('arguments')?.namedChildren ?? [];
      if (args.length !== 1 || !/^(std::sync::|alloc::sync::)?Arc::new$/.test(ctx.imports.resolve(calleeText(call).replace(/\s+/g, '')))) return;
      const built = constructedTypePath(args[0]!);
      const last = built?.split('::').pop() ?? '';
      if (!built || !NOT_SYNC_OR_SEND.has(last) || arcLines.has(lineOf(call)) || typeWrittenElsewhere(call)) return;
      const resolved = ctx.imports.resolve(built);
      if (!/^(std::(rc|cell)::|core::cell::|alloc::rc::)/.test(resolved) && resolved !== last) return;
      arcLines.add(lineOf(call));
      ctx.report({ node: call, messageId: 'arcNonSync', data: { type: `Arc<${last}<..>>`, inner: last } });
    }

    /** A struct field's value or a fn's result: the field's / the return's written type is where it is reported. */
    function typeWrittenElsewhere(call: Node): boolean {
      const parent = call.parent;
      if (parent?.type === 'field_initializer' || parent?.type === 'return_expression') return true;
      return parent?.type === 'block' && parent.parent?.type === 'function_item' && parent.lastNamedChild?.id === call.id;
    }

    /** Remembers a struct used as app state, and how (for the message). */
    function noteState(name: string | null, how: string): void {
      if (name && !stateStructs.has(name)) stateStructs.set(name, how);
    }

    return {
      generic_type(node) {
        const head = typeHead(node);
        if (head === 'Arc') {
          const inner = typeArgs(node)[0];
          if (inner && (NOT_SYNC.has(typeHead(inner)) || NOT_SEND.has(typeHead(inner))) && findNonThreadSafe(inner, NOT_SYNC_OR_SEND, ctx.imports)?.id === inner.id) {
            arcLines.add(lineOf(node));
            ctx.report({ node, messageId: 'arcNonSync', data: { type: node.text, inner: typeHead(inner) } });
          }
        }
        if (isSharedStateExtractor(head)) {
          const arg = typeArgs(node)[0];
          const inner = arg && typeHead(arg) === 'Arc' ? typeArgs(arg)[0] : arg;
          if (inner) noteState(typeHead(inner), `extracted as \`${node.text}\``);
        }
      },
      call_expression(call) {
        const body = spawnedBody(call, ctx.imports);
        if (body) {
          if (!ctx.isTest(call)) onSpawn(call, body);
          return;
        }
        const method = methodName(call);
        if (method === null) checkArcOfConstructed(call);
        const fn = call.childForFieldName('function');
        // A method call's callee text (`recv.name`) can never end in `::Data` / `::Extension`: skip building it.
        const callee = fn?.type === 'field_expression' ? '' : fn?.text ?? '';
        if (method === 'with_state' || method === 'app_data' || /(^|::)(Data|Extension)(::new)?$/.test(callee)) {
          const arg = call.childForFieldName('arguments')?.namedChildren[0] ?? null;
          noteState(structNameOf(arg), `passed to \`${method ?? callee}\` on line ${lineOf(call)}`);
        }
      },
      end() {
        for (const s of structs().structs.values()) if (namesAppState(s.name)) noteState(s.name, 'named as the app state');
        for (const [name, how] of stateStructs) {
          if (ctx.isTest(structs().get(name)?.node ?? ctx.root)) continue;
          const hit = nonThreadSafeField(name, NOT_SEND_OR_SYNC);
          if (!hit || reportedFields.has(hit.f.decl.id) || arcLines.has(lineOf(hit.f.decl))) continue;
          reportedFields.add(hit.f.decl.id);
          ctx.report({ node: hit.f.decl, messageId: 'fieldInState', data: { struct: name, field: hit.f.name, type: hit.bad.text, how } });
        }
      },
    };
  },
});
