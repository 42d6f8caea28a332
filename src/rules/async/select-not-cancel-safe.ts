import type { Node } from '../../rust/parser.js';
import { ancestors, findDescendants, isAsyncFn, methodName } from '../../rust/syntax.js';
import { macroName, macroTokenTree, tokenLeaves } from '../../rust/macros.js';
import { defineRule, type FileContext } from '../define-rule.js';
import { isContextBoundary } from './support/context.js';

/**
 * Futures that lose data when dropped half-way (tokio `select!` docs, "Cancellation safety"):
 * the bytes already read into their internal state, or the part of the buffer already written.
 */
const NOT_CANCEL_SAFE = new Set([
  'read_exact', 'read_to_end', 'read_to_string', 'read_line', 'read_until', 'write_all', 'write_all_buf',
  // Multi-byte integer reads (`AsyncReadExt::read_u32` ..): a partly read integer is lost. `read_u8` / `read_i8` are safe.
  ...['u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'u128', 'i128', 'f32', 'f64'].flatMap((t) => [`read_${t}`, `read_${t}_le`]),
]);

interface Branch {
  /** Top-level nodes of the branch future (between `=` and `=>`). */
  future: Node[];
  /** Nodes of the handler (after `=>`). */
  handler: Node[];
  isElse: boolean;
}

/** Splits a `select!` body into branches: `<pattern> = <future> [, if <cond>] => <handler>[,]`. */
function branchesOf(tokenTree: Node): Branch[] {
  const items = tokenTree.children.slice(1, -1);
  const out: Branch[] = [];
  let i = 0;
  while (i < items.length) {
    // Pattern: up to a top-level `=` (or `=>` for `else`).
    const start = i;
    while (i < items.length && items[i]!.text !== '=' && items[i]!.text !== '=>') {
      if (items[i]!.text === ';') break; // `biased;`
      i++;
    }
    if (i >= items.length) break;
    if (items[i]!.text === ';') { i++; continue; }
    const isElse = items[i]!.text === '=>';
    const future: Node[] = [];
    if (!isElse) {
      i++;
      while (i < items.length && items[i]!.text !== '=>') future.push(items[i++]!);
    }
    i++; // `=>`
    const handler: Node[] = [];
    if (isBlockTree(items[i])) handler.push(items[i++]!);
    else while (i < items.length && items[i]!.text !== ',') handler.push(items[i++]!);
    if (items[i]?.text === ',') i++;
    if (i === start) i++;
    out.push({ future, handler, isElse });
  }
  return out;
}

const leavesOf = (nodes: Node[]): Node[] => nodes.flatMap((n) => (n.childCount === 0 ? [n] : tokenLeaves(n)));

/** Same-file async fns whose own body awaits a non-cancel-safe I/O call, by name, with that call's method. */
function statefulAsyncFns(ctx: FileContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const fn of findDescendants(ctx.root, 'function_item')) {
    if (!isAsyncFn(fn)) continue;
    const name = fn.childForFieldName('name')?.text;
    const body = fn.childForFieldName('body');
    if (!name || !body) continue;
    const inner = findDescendants(body, 'call_expression', isContextBoundary).map(methodName).find((m) => m && NOT_CANCEL_SAFE.has(m));
    if (inner) out.set(name, inner);
  }
  return out;
}

/** The first non-cancel-safe call in a branch future: a known I/O method or a same-file fn that awaits one. */
function unsafeCall(future: Node[], stateful: Map<string, string>): { token: Node; label: string; via: string } | null {
  const leaves = leavesOf(future);
  if (leaves[0]?.text === '&' && leaves[1]?.text === 'mut') return null; // a future pinned outside the loop
  for (let k = 0; k < leaves.length; k++) {
    const t = leaves[k]!;
    if (t.type !== 'identifier' && t.type !== 'field_identifier') continue;
    const calls = leaves[k + 1]?.text === '(' || t.nextSibling?.type === 'token_tree';
    if (!calls) continue;
    if (leaves[k - 1]?.text === '.' && NOT_CANCEL_SAFE.has(t.text)) return { token: t, label: `${t.text}(..)`, via: '' };
    const inner = stateful.get(t.text);
    if (inner) return { token: t, label: `${t.text}(..)`, via: ` (which awaits \`${inner}(..)\`)` };
  }
  return null;
}

/** A compact label of a branch future for the message. */
function futureLabel(b: Branch): string {
  const text = b.future.map((n) => n.text).join('').replace(/\s+/g, '');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const EXITS = new Set(['break', 'return']);
/** A handler block: a `{ .. }` token tree, or a `block` when the macro's arguments were parsed (macro-graft.ts). */
const isBlockTree = (n: Node | undefined): boolean => (n?.type === 'token_tree' && n.text.startsWith('{')) || n?.type === 'block';

/** Does a `{ .. }` token tree contain a top-level statement that is `break` / `return` (reached on every path)? */
function blockAlwaysExits(block: Node): boolean {
  if (block.type === 'block') {
    return block.namedChildren.some((st) => EXITS.has((st.type === 'expression_statement' ? st.firstNamedChild : st)?.firstChild?.text ?? ''));
  }
  let atStatementStart = true;
  for (const item of block.children.slice(1, -1)) {
    if (atStatementStart && EXITS.has(item.text)) return true;
    // A statement ends at `;` or after a block-like `{ .. }` (`if c { .. }` needs no `;`).
    atStatementStart = item.text === ';' || isBlockTree(item);
  }
  return false;
}

/**
 * Does the handler leave the loop unconditionally (`=> break`, `=> return ..`, `=> { ..; break }`)?
 * A `break` / `return` under an `if` or a `match` arm only sometimes ends the loop, so the other
 * futures are still dropped half-finished on the iterations that go on.
 */
function endsLoop(b: Branch): boolean {
  const first = b.handler[0];
  if (!first) return false;
  if (isBlockTree(first)) return blockAlwaysExits(first);
  return EXITS.has(first.text) || EXITS.has(first.firstChild?.text ?? '');
}

/** Is the invocation inside a loop of the same body? */
function inLoop(invocation: Node): boolean {
  for (const a of ancestors(invocation)) {
    if (a.type === 'loop_expression' || a.type === 'while_expression' || a.type === 'for_expression') return true;
    if (isContextBoundary(a)) return false;
  }
  return false;
}

export default defineRule({
  id: 'async/select-not-cancel-safe',
  role: 'async',
  category: 'suspicious',
  requires: /select/,
  docs: {
    summary: 'A `tokio::select!` in a loop whose branch future is not cancellation-safe (`read_exact`, `read_to_end`, `write_all`, a hand-written future holding partial state).',
    why: 'Every time another branch wins, `select!` drops the other futures. A half-finished `read_exact` loses the bytes it already read, so the next iteration starts reading mid-frame and the protocol desynchronises; a half-finished `write_all` leaves a partial frame on the wire.',
    bad: [
      'pub async fn run(mut socket: TcpStream, mut shutdown: broadcast::Receiver<()>, tx: Sender<Frame>) -> io::Result<()> {',
      '    let mut header = [0u8; 4];',
      '    loop {',
      '        tokio::select! {',
      '            res = socket.read_exact(&mut header) => { res?; tx.send(decode(&header)).await.ok(); }',
      '            _ = tick.tick() => { heartbeat(&tx).await; }',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n'),
    good: [
      'pub async fn run(socket: TcpStream, mut shutdown: broadcast::Receiver<()>, tx: Sender<Frame>) -> io::Result<()> {',
      '    let mut frames = FramedRead::new(socket, FrameCodec);',
      '    loop {',
      '        tokio::select! {',
      '            frame = frames.next() => match frame { Some(f) => { tx.send(f?).await.ok(); } None => break },',
      '            _ = tick.tick() => { heartbeat(&tx).await; }',
      '        }',
      '    }',
      '    Ok(())',
      '}',
      '',
    ].join('\n'),
    anchor: 'tokio::select! docs, "Cancellation safety"',
  },
  messages: {
    unsafe: '`{{call}}`{{via}} in this `select!` is not cancellation-safe: each time `{{other}}` wins, the loop drops it half-finished and the data it already read or wrote is lost',
  },
  help: 'Keep the state outside the loop: use a cancel-safe API (`read` / `read_buf` into a buffer you own, a `FramedRead` codec with `StreamExt::next`), or create the future once before the loop, `tokio::pin!` it and poll `&mut fut` in the branch.',
  create(ctx) {
    let stateful: Map<string, string> | undefined;
    return {
      macro_invocation(node) {
        if (!/(^|::)select(_biased)?$/.test(macroName(node)) || !inLoop(node)) return;
        const tt = macroTokenTree(node);
        if (!tt) return;
        const branches = branchesOf(tt);
        stateful ??= statefulAsyncFns(ctx);
        for (const b of branches) {
          if (b.isElse) continue;
          const found = unsafeCall(b.future, stateful);
          if (!found) continue;
          const others = branches.filter((o) => o !== b && !o.isElse);
          if (!others.length || others.every(endsLoop)) continue; // losing only on the way out is fine
          const winner = others.find((o) => !endsLoop(o)) ?? others[0]!;
          ctx.report({ node: found.token, messageId: 'unsafe', data: { call: found.label, via: found.via, other: futureLabel(winner) } });
        }
      },
    };
  },
});
