/**
 * Loops that end by themselves: a `while let` draining a stream or iterator made over something
 * finite (a query's rows, a response body, a file's lines, a directory, a collection). Such a loop
 * is a batch, not a service loop: code `main` reaches through one still runs once (a command of a
 * command-line tool, a start-up step), where a `loop`, a plain `while` or a `while let` over a
 * channel or a listener runs as long as the program does.
 */
import type { Node } from '../rust/parser.js';
import { FINITE_STREAM_SOURCES, NEXT_ITEM_METHODS } from '../catalogue/values.js';
import { methodChain, methodReceiver } from '../rust/syntax.js';
import { resolveBinding } from './bindings.js';

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
