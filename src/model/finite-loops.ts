/**
 * Loops that end by themselves: a `while let` draining a stream or iterator made over something
 * finite (a query's rows, a response body, a file's lines, a directory, a collection). Such a loop
 * is a batch, not a service loop: code `main` reaches through one still runs once (a command of a
 * command-line tool, a start-up step), where a `loop`, a plain `while` or a `while let` over a
 * channel or a listener runs as long as the program does. A loop over a channel whose senders this
 * fn hands only to producers that end, ends with them (drainsEndingChannel).
 */
import type { Node } from '../rust/parser.js';
import { FINITE_STREAM_SOURCES, NEXT_ITEM_METHODS } from '../catalogue/values.js';
import { isChannelConstructor, isChannelReceiveMethod } from '../catalogue/channels.js';
import { isSpawningFunction, isSpawningMethod } from '../catalogue/executor.js';
import type { ImportMap } from '../rust/imports.js';
import { NodeMemo } from '../rust/parser.js';
import { calleeText, findDescendants, methodChain, methodName, methodReceiver, patternIdentifier } from '../rust/syntax.js';
import { isVariableUse, resolveBinding } from './bindings.js';

/** `while let Some(x) = rows.try_next().await?` with `let mut rows = sqlx::query(..).fetch(&pool);` above it (or the source written in place). */
export function drainsFiniteSource(loop: Node): boolean {
  if (loop.type !== 'while_expression') return false;
  const condition = loop.childForFieldName('condition');
  if (condition?.type !== 'let_condition') return false;
  const value = condition.childForFieldName('value');
  // `rows.try_next().await?`, `lines.next_line().await.unwrap()`: the pull, whatever unwraps what it gave.
  const pull = value ? methodChain(value).links.find((l) => NEXT_ITEM_METHODS.has(l.name)) : undefined;
  if (!pull) return false;
  let source = methodReceiver(pull.node);
  while (source && (source.type === 'reference_expression' || source.type === 'parenthesized_expression')) source = source.namedChildren[source.namedChildren.length - 1] ?? null;
  if (source?.type === 'identifier') {
    const decl = resolveBinding(source);
    source = decl?.kind === 'let' ? decl.value : null;
  }
  return !!source && madeOverFiniteSource(source);
}

/** A chain with a finite-source method among its links (`query.fetch(&pool)`, `resp.bytes_stream()`, `reader.lines()`). */
function madeOverFiniteSource(expr: Node): boolean {
  let e: Node | null = expr;
  while (e && (e.type === 'await_expression' || e.type === 'try_expression')) e = e.namedChildren[0] ?? null;
  if (!e) return false;
  return methodChain(e).links.some((l) => FINITE_STREAM_SOURCES.has(l.name));
}

/**
 * A loop draining a channel this fn makes, whose every sender is moved into a producer that ends:
 * `let (tx, mut rx) = mpsc::channel(n);`, then each use of `tx` a method call (`tx.send(..)`, not
 * `clone`) in a `move` closure or async block with no lasting loop of its own, handed to a spawn or
 * to a call this fn awaits (`let task = spawn_blocking(move || for .. { tx.blocking_send(..) });`),
 * or `drop(tx)`. When the producers end the senders drop, the receive reports the channel closed,
 * and the loop (`while let Some(x) = rx.recv().await`, or a `loop` that `break`s) ends with them:
 * a batch, not a service loop. A sender handed to a fn, cloned, stored, or kept by a producer that
 * loops may live as long as the program: such a loop still lasts.
 */
export function drainsEndingChannel(loop: Node, imports: ImportMap): boolean {
  let known = endingChannelLoops.get(loop);
  if (known === undefined) endingChannelLoops.set(loop, (known = drainsEndingChannelUncached(loop, imports)));
  return known;
}

const endingChannelLoops = new NodeMemo<boolean>();

function drainsEndingChannelUncached(loop: Node, imports: ImportMap): boolean {
  const receiver = drainedReceiver(loop);
  if (!receiver) return false;
  const decl = resolveBinding(receiver);
  if (!decl || decl.node.type !== 'let_declaration') return false;
  const pattern = decl.node.childForFieldName('pattern');
  const value = decl.node.childForFieldName('value');
  if (pattern?.type !== 'tuple_pattern' || pattern.namedChildren.length !== 2 || value?.type !== 'call_expression') return false;
  if (methodName(value) !== null || !isChannelConstructor(imports.resolve(calleeText(value)))) return false;
  const [sendSide, receiveSide] = pattern.namedChildren.map(patternIdentifier);
  if (!receiveSide || receiveSide.text !== receiver.text || !sendSide) return false;
  const uses = findDescendants(decl.scope, 'identifier').filter((n) => n.text === sendSide.text && n.startIndex > decl.node.endIndex && isVariableUse(n) && resolveBinding(n)?.node.id === decl.node.id);
  // A sender never moved out lives in this fn until its block ends: the loop would wait on it for ever.
  return uses.length > 0 && uses.every((use) => isDropped(use, imports) || sendsFromEndingProducer(use, decl.scope, loop, imports));
}

/** The receiver a `while let` pulls from (`rx.recv().await`), or one a `loop` with a `break` of its own receives from. */
function drainedReceiver(loop: Node): Node | null {
  const pulled = (call: Node): Node | null => {
    const r = methodReceiver(call);
    return r?.type === 'identifier' && isChannelReceiveMethod(methodName(call) ?? '') ? r : null;
  };
  if (loop.type === 'while_expression') {
    const condition = loop.childForFieldName('condition');
    const value = condition?.type === 'let_condition' ? condition.childForFieldName('value') : null;
    const link = value ? methodChain(value).links.find((l) => l.name !== 'await' && l.name !== '?') : undefined;
    return link ? pulled(link.node) : null;
  }
  if (loop.type !== 'loop_expression') return null;
  const body = loop.childForFieldName('body');
  if (!body) return null;
  const own = (n: Node) => ownerLoop(n)?.id === loop.id;
  if (!findDescendants(body, 'break_expression').some(own)) return null;
  const receivers = findDescendants(body, 'call_expression').filter(own).map(pulled).filter((r): r is Node => !!r);
  return receivers.length && receivers.every((r) => r.text === receivers[0]!.text) ? receivers[0]! : null;
}

/** The innermost loop around `n`, or null when a closure or async block comes first (a `break` there is not a loop's). */
function ownerLoop(n: Node): Node | null {
  for (let a = n.parent; a; a = a.parent) {
    if (a.type === 'loop_expression' || a.type === 'while_expression' || a.type === 'for_expression') return a;
    if (a.type === 'closure_expression' || a.type === 'async_block' || a.type === 'function_item') return null;
  }
  return null;
}

/** `drop(tx)`. */
function isDropped(use: Node, imports: ImportMap): boolean {
  const call = use.parent?.type === 'arguments' ? use.parent.parent : null;
  return call?.type === 'call_expression' && use.parent!.namedChildren.length === 1 && /^(std::mem::)?drop$/.test(imports.resolve(calleeText(call)));
}

/**
 * `tx.send(..)` (any method but `clone`) inside a `move` closure or async block handed to a spawn or
 * to a call this fn awaits, with no lasting loop in it: the producer ends, and its sender with it.
 */
function sendsFromEndingProducer(use: Node, scope: Node, loop: Node, imports: ImportMap): boolean {
  const field = use.parent;
  const call = field?.type === 'field_expression' && field.childForFieldName('value')?.id === use.id ? field.parent : null;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== field!.id || methodName(call) === 'clone') return false;
  let producer: Node | null = null;
  for (let a = use.parent; a && a.id !== scope.id; a = a.parent) if (a.type === 'closure_expression' || a.type === 'async_block') producer = a;
  if (!producer || (producer.startIndex <= loop.startIndex && producer.endIndex >= loop.endIndex)) return false;
  if (!/^(async\s+)?move\b/.test(producer.text)) return false;
  if (producer.parent?.type !== 'arguments') return false;
  const handedTo = producer.parent.parent!;
  if (!(startsTask(handedTo, imports) || awaitedHere(handedTo, scope))) return false;
  return !findDescendants(producer, ['loop_expression', 'while_expression']).some((l) => l.type === 'loop_expression' || !drainsFiniteSource(l));
}

function startsTask(call: Node, imports: ImportMap): boolean {
  const method = methodName(call);
  return method === null ? isSpawningFunction(imports.resolve(calleeText(call))) : isSpawningMethod(method);
}

/** `spawn_blocking(..).await`, or `let task = spawn_blocking(..); .. task.await` / `task.join()`: this fn waits for it. */
function awaitedHere(call: Node, scope: Node): boolean {
  if (call.parent?.type === 'await_expression') return true;
  const stmt = call.parent;
  if (stmt?.type !== 'let_declaration' || stmt.childForFieldName('value')?.id !== call.id) return false;
  const name = patternIdentifier(stmt.childForFieldName('pattern'));
  if (!name) return false;
  return findDescendants(scope, 'identifier').some((n) => {
    if (n.text !== name.text || n.startIndex <= stmt.endIndex || !isVariableUse(n) || resolveBinding(n)?.node.id !== stmt.id) return false;
    const p = n.parent;
    if (p?.type === 'await_expression') return true;
    return p?.type === 'field_expression' && p.childForFieldName('field')?.text === 'join' && p.parent?.type === 'call_expression';
  });
}
