import type { Node } from '../../rust/parser.js';
import { UNWRAP_METHODS } from '../../catalogue/errors.js';
import { methodName, methodReceiver, patternIdentifier } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { awaitedCallName, awaitKeyword, awaitLabel, awaitLine, snippet } from './support/calls.js';
import { asyncBody, executorContext } from './support/context.js';
import { isOptionalShardGuardLookup, isShardGuardLookup, keepsShardGuard, mayAcquireBlockingLock, mayBeShardGuardLookup } from '../../catalogue/locks.js';
import { LockTypes, type LockKind } from '../../model/lock-kinds.js';
import { awaitPointsIn, firstAwaitWhileBound, firstAwaitWhileBoundIn, temporaryScope } from '../../model/scopes.js';

/** Links after the acquire that still hand back the guard itself (`.unwrap()`, `?`, poison recovery). */
const GUARD_PRESERVING = new Set([...UNWRAP_METHODS, 'map_err', 'ok', '?']);

interface Acquire {
  call: Node;
  method: string;
  /** The outermost node that is still the guard (after `.unwrap()` / `?`). */
  guardExpr: Node;
  /** The link right after the acquire, if any. */
  next: string | undefined;
  /** A sharded map's lookup (dashmap's `get_mut`): the map type's path, which the model knows from the receiver. */
  shardMap?: string;
}

/** `shardMapOf`: the library path of a method call's receiver type, asked only of a name some sharded map's lookup has. */
function acquireOf(call: Node, shardMapOf: (call: Node) => string | undefined): Acquire | null {
  const method = methodName(call);
  if (method === null) return null;
  let shardMap: string | undefined;
  if (!mayAcquireBlockingLock(method) || (call.childForFieldName('arguments')?.namedChildCount ?? 0) !== 0) {
    if (!mayBeShardGuardLookup(method)) return null;
    shardMap = shardMapOf(call);
    if (!shardMap || !isShardGuardLookup(shardMap, method)) return null;
  }
  const keeps = (link: string) => GUARD_PRESERVING.has(link) || (shardMap !== undefined && keepsShardGuard(link));
  let guardExpr = call;
  let next: string | undefined;
  for (;;) {
    const p = guardExpr.parent;
    if (!p) break;
    let link: string | null = null;
    if (p.type === 'await_expression') link = 'await';
    else if (p.type === 'try_expression') link = '?';
    else if (p.type === 'field_expression' && p.parent?.type === 'call_expression' && p.childForFieldName('value')?.id === guardExpr.id) link = p.childForFieldName('field')?.text ?? null;
    if (link === null) break;
    next ??= link;
    if (!keeps(link)) break;
    guardExpr = link === '?' || link === 'await' ? p : p.parent!;
  }
  return { call, method, guardExpr, next, ...(shardMap ? { shardMap } : {}) };
}

/**
 * An await in the branch where a lookup that returns `Option<guard>` found nothing: the `else` of
 * `if let Some(g) = map.get(..)`, a `None =>` arm of a `match` on it. No guard exists there.
 */
function inNothingFoundBranch(awaited: Node, lookup: Node): boolean {
  const holds = (n: Node | null) => !!n && lookup.startIndex >= n.startIndex && lookup.endIndex <= n.endIndex;
  for (let n: Node | null = awaited.parent, child: Node = awaited; n; child = n, n = n.parent) {
    if (n.type === 'if_expression' && holds(n.childForFieldName('condition')) && n.childForFieldName('alternative')?.id === child.id) return true;
    if (n.type === 'match_arm' && child.id === n.childForFieldName('value')?.id && /^None$/.test(n.childForFieldName('pattern')?.text ?? '') && holds(n.parent?.parent?.childForFieldName('value') ?? null)) return true;
    if (holds(n)) return false;
  }
  return false;
}

function lockLabel(kind: LockKind, a: Acquire): string {
  if (kind.kind === 'sync') return kind.path.replace(/^core::/, 'std::');
  const type = /read|write/.test(a.method) ? 'RwLock' : 'Mutex';
  // Only std's locks return a `LockResult` to unwrap (parking_lot's do not, tokio's are awaited).
  return a.next === 'unwrap' || a.next === 'expect' ? `std::sync::${type}` : type;
}

/** The name bound to the guard by `let g = ..`, `let Ok(g) = .. else`, or `if let Ok(g) = ..`. */
function boundName(pattern: Node | null): string | null {
  if (!pattern) return null;
  const ident = patternIdentifier(pattern);
  if (ident) return ident.text;
  if (pattern.type === 'tuple_struct_pattern' && /^(Ok|Some)$/.test(pattern.childForFieldName('type')?.text ?? '')) {
    const inner = pattern.namedChildren.filter((c) => c.id !== pattern.childForFieldName('type')?.id);
    return inner.length === 1 ? boundName(inner[0]!) : null;
  }
  return null;
}

/** Where the await shows, in order of preference: its keyword, then the call it waits on (a change may touch only that line of a chain). */
function awaitSites(awaited: Node): Node[] {
  const call = awaitedCallName(awaited);
  return call ? [awaitKeyword(awaited), call] : [awaitKeyword(awaited)];
}

/**
 * A sharded map's lookup destructured by the `if let` / `while let` / `match` it is the scrutinee of:
 * a by-value binding (`Some(mut entry)`) moves the guard out of the temporary, so it lives as that
 * binding in the body or arm it enters, until dropped (`drop(entry)` releases the shard). The regions
 * with the name each binds; null when the guard is not bound so (`Some(_)`, `Some(ref e)`): then the
 * temporary holds it to the end of the construct.
 */
function patternBoundGuard(a: Acquire): { region: Node; name: string }[] | null {
  const g = a.guardExpr;
  const p = g.parent;
  if (p?.type === 'let_condition' && p.childForFieldName('value')?.id === g.id) {
    const name = boundName(p.childForFieldName('pattern'));
    const owner = p.parent;
    const body = owner?.type === 'if_expression' ? owner.childForFieldName('consequence') : owner?.type === 'while_expression' ? owner.childForFieldName('body') : null;
    return name && body ? [{ region: body, name }] : null;
  }
  if (p?.type !== 'match_expression' || p.childForFieldName('value')?.id !== g.id) return null;
  const out: { region: Node; name: string }[] = [];
  for (const arm of p.childForFieldName('body')?.namedChildren.filter((c) => c.type === 'match_arm') ?? []) {
    const pattern = arm.childForFieldName('pattern')?.namedChildren[0] ?? null;
    const value = arm.childForFieldName('value');
    if (!value || pattern?.text === 'None') continue;
    const name = boundName(pattern);
    if (!name) return null;
    out.push({ region: value, name });
  }
  return out;
}

/** The keyword of the construct whose scrutinee holds the guard, for the message. */
function scrutineeConstruct(acquire: Node, scope: Node): string | null {
  for (let n: Node | null = acquire.parent; n && n.id !== scope.parent?.id; n = n.parent) {
    if (n.type === 'match_expression' && n.childForFieldName('value') && acquire.startIndex >= n.childForFieldName('value')!.startIndex && acquire.endIndex <= n.childForFieldName('value')!.endIndex) return 'match';
    if (n.type === 'let_condition') return n.parent?.type === 'while_expression' ? 'while let' : 'if let';
  }
  return null;
}

export default defineRule({
  id: 'async/lock-guard-across-await',
  role: 'async',
  category: 'suspicious',
  // Reports only directly in an `async` fn, block or closure (executorContext 'async').
  requires: /async/,
  clippyLint: 'await_holding_lock',
  docs: {
    summary: 'A `std::sync` / `parking_lot` lock guard (or a dashmap `Ref` / `RefMut` / `Entry`, which holds a shard\'s lock) that is still alive at an `.await` in the same async body.',
    why: 'While the task is suspended the lock stays taken: every other request that needs it blocks its worker thread (or deadlocks when the waiter runs on the same thread), and the future becomes `!Send`. In actix-web, which accepts `!Send` handlers, this compiles and stalls under load.',
    bad: [
      'use std::sync::Mutex;',
      '',
      'pub struct Rates { cache: Mutex<HashMap<String, f64>>, http: FxClient }',
      '',
      'impl Rates {',
      '    pub async fn get(&self, pair: &str) -> Result<f64, FxError> {',
      '        let mut cache = self.cache.lock().unwrap();',
      '        let rate = self.http.fetch_rate(pair).await?;',
      '        cache.insert(pair.to_string(), rate);',
      '        Ok(rate)',
      '    }',
      '}',
      '',
    ].join('\n'),
    good: [
      'use std::sync::Mutex;',
      '',
      'pub struct Rates { cache: Mutex<HashMap<String, f64>>, http: FxClient }',
      '',
      'impl Rates {',
      '    pub async fn get(&self, pair: &str) -> Result<f64, FxError> {',
      '        if let Some(rate) = self.cache.lock().unwrap().get(pair).copied() {',
      '            return Ok(rate);',
      '        }',
      '        let rate = self.http.fetch_rate(pair).await?;',
      '        self.cache.lock().unwrap().insert(pair.to_string(), rate);',
      '        Ok(rate)',
      '    }',
      '}',
      '',
    ].join('\n'),
    anchor: 'clippy::await_holding_lock; tokio::sync::Mutex docs, "Which kind of mutex should you use?"',
  },
  messages: {
    binding: '{{lock}} guard `{{guard}}` is still alive at `{{awaited}}` (line {{awaitLine}}), so the lock is held while the task is suspended',
    scrutinee: 'the {{lock}} guard from `{{lockExpr}}` in this `{{construct}}` lives until the end of the `{{construct}}`, across `{{awaited}}` (line {{awaitLine}})',
    statement: 'the {{lock}} guard from `{{lockExpr}}` is a temporary that lives until the end of this statement, across `{{awaited}}` (line {{awaitLine}})',
  },
  help: 'Take what you need out of the guard in an inner block (or `drop(guard)`) before the `.await`, and lock again afterwards; use `tokio::sync::Mutex` only if the lock really must be held across it.',
  create(ctx) {
    let types: LockTypes | undefined;
    const lockTypes = () => (types ??= new LockTypes(ctx.root, ctx.imports, ctx.model));

    /** Is this acquire a blocking lock? Async locks, and `.read()`/`.write()` of unknown things, are not. */
    function blockingLock(a: Acquire): LockKind | null {
      if (a.next === 'await') return null;
      if (a.shardMap) return { kind: 'sync', path: a.shardMap };
      const receiver = methodReceiver(a.call);
      if (!receiver) return null;
      const kind = lockTypes().classifyReceiver(receiver);
      if (kind.kind === 'async') return null;
      if (kind.kind === 'sync') return kind;
      const typeName = /read|write/.test(a.method) ? 'RwLock' : 'Mutex';
      const imported = lockTypes().importedKind(typeName);
      if (a.method === 'lock' || a.method === 'lock_arc') return imported.kind === 'sync' ? imported : kind;
      // `.read()` / `.write()` / `try_*`: files, sockets and tokio's `try_lock` look the same; need evidence.
      if (imported.kind === 'sync') return imported;
      if (imported.kind === 'unknown' && /^(read|write)$/.test(a.method) && (a.next === 'unwrap' || a.next === 'expect')) return kind;
      return null;
    }

    return {
      call_expression(node) {
        const a = acquireOf(node, (call) => (ctx.model && executorContext(call) === 'async' ? ctx.model.receiverTypePath(call) : undefined));
        if (!a) return;
        if (executorContext(node) !== 'async' || !asyncBody(node)) return;
        const kind = blockingLock(a);
        if (!kind) return;
        const lock = lockLabel(kind, a);
        const lockExpr = snippet(node, 50);

        const bound = a.shardMap !== undefined ? patternBoundGuard(a) : null;
        if (bound) {
          for (const { region, name } of bound) {
            const awaited = firstAwaitWhileBoundIn(region, name);
            if (!awaited) continue;
            ctx.report({ node: holderKeyword(node) ?? node, messageId: 'binding', data: { lock, guard: name, awaited: awaitLabel(awaited), awaitLine: awaitLine(awaited) }, also: awaitSites(awaited) });
            return;
          }
          return;
        }

        const holder = guardBinding(a.guardExpr);
        if (holder) {
          const pattern = holder.childForFieldName('pattern');
          if (pattern?.type === '_') return; // `let _ = m.lock()` drops at once
          const guard = boundName(pattern);
          if (!guard) return;
          // The model's drop scopes: is the guard still alive at an await of its block?
          const awaited = firstAwaitWhileBound(holder, guard);
          if (!awaited) return;
          ctx.report({ node: holder, messageId: 'binding', data: { lock, guard, awaited: awaitLabel(awaited), awaitLine: awaitLine(awaited) }, also: awaitSites(awaited) });
          return;
        }

        const scope = temporaryScope(a.guardExpr);
        const optional = a.shardMap !== undefined && isOptionalShardGuardLookup(a.method);
        const awaited = awaitPointsIn(scope, node.endIndex).find((p) => !optional || !inNothingFoundBranch(p, node));
        if (!awaited) return;
        const construct = scrutineeConstruct(node, scope);
        const data = { lock, lockExpr, awaited: awaitLabel(awaited), awaitLine: awaitLine(awaited) };
        if (construct) {
          const at = holderKeyword(node) ?? node;
          ctx.report({ node: at, messageId: 'scrutinee', data: { ...data, construct }, also: awaitSites(awaited) });
        } else {
          ctx.report({ node: node.childForFieldName('function')?.childForFieldName('field') ?? node, messageId: 'statement', data, also: awaitSites(awaited) });
        }
      },
    };
  },
});

/**
 * The `let` that binds the guard itself: `let g = m.lock().unwrap();`, or the poison-recovering
 * `let g = match m.lock() { Ok(g) => g, Err(p) => p.into_inner() };`.
 */
function guardBinding(guardExpr: Node): Node | null {
  let value = guardExpr;
  const parent = guardExpr.parent;
  if (parent?.type === 'match_expression' && parent.childForFieldName('value')?.id === guardExpr.id) {
    const arms = parent.childForFieldName('body')?.namedChildren.filter((c) => c.type === 'match_arm') ?? [];
    const yieldsGuard = arms.some((arm) => {
      const bound = boundName(arm.childForFieldName('pattern')?.namedChildren[0] ?? null);
      return bound !== null && arm.childForFieldName('value')?.text === bound;
    });
    if (!yieldsGuard) return null;
    value = parent;
  }
  const decl = value.parent;
  return decl?.type === 'let_declaration' && decl.childForFieldName('value')?.id === value.id ? decl : null;
}

/** The `match` / `if` / `while` keyword of the construct whose scrutinee holds `node`. */
function holderKeyword(node: Node): Node | null {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'match_expression' || n.type === 'if_expression' || n.type === 'while_expression') return n.child(0);
    if (n.type === 'block') return null;
  }
  return null;
}
