import type { Node } from '../../rust/parser.js';
import { calleeText, descendants, enclosingStatement, isIdentifierUse, lineOf } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { isDatabaseWorkMethod } from '../../catalogue/database.js';
import { isNonDatabaseWait, isRemoteCallMethod, isServiceClientText, mentionsOutboundRequest } from '../../catalogue/services.js';
import { chainCalls, chainRoot, isDbReceiverText } from '../../model/queries.js';
import { finalizers, openedTransaction, type OpenedTransaction } from '../../model/transactions.js';

/** A same-file helper whose body talks HTTP / sends mail / publishes (`self.notify(..)`, `notify_shop(..)`), not handed the transaction. */
function sameFileHelperIsExternal(name: string, root: Node): boolean {
  for (const d of descendants(root)) {
    if (d.type === 'function_item' && d.childForFieldName('name')?.text === name) {
      const body = d.childForFieldName('body')?.text ?? '';
      return mentionsOutboundRequest(body) && !/\b(tx|transaction)\b/.test(d.childForFieldName('parameters')?.text ?? '');
    }
  }
  return false;
}

/** The awaited expressions between the `let tx` and its commit (or the end of the body). */
function awaitsWhileOpen(tx: OpenedTransaction): Node[] {
  const end = finalizers(tx, 'commit')[0]?.startIndex ?? tx.body.endIndex;
  return [...descendants(tx.body, (n) => n.type === 'closure_expression' || n.type === 'function_item')].filter(
    (d) => d.type === 'await_expression' && d.startIndex > tx.let.endIndex && d.startIndex < end,
  );
}

/** A label for an awaited call on another service, or null when it is (or may be) the database. */
function externalCall(awaited: Node, txName: string, imports: { resolve(p: string): string }, fileRoot: Node): string | null {
  const inner = awaited.namedChildren[0];
  if (!inner) return null;
  if ([...descendants(inner)].some((d) => isIdentifierUse(d, txName))) return null;
  const calls = chainCalls(inner);
  const root = chainRoot(inner);
  const rootText = root.text.replace(/\s+/g, '');
  if (calls.length === 0) {
    if (inner.type !== 'call_expression') return null;
    const callee = imports.resolve(calleeText(inner));
    const args = inner.childForFieldName('arguments')?.namedChildren ?? [];
    // `send_receipt(&state.mailer, ..)`: a free function handed a client of another service.
    const handedClient = args.some((a) => isServiceClientText(a.text.replace(/\s+/g, '')) && !isDbReceiverText(a.text.replace(/\s+/g, '')));
    if (isNonDatabaseWait(callee) || isServiceClientText(callee) || handedClient || (/^\w+$/.test(callee) && sameFileHelperIsExternal(callee, fileRoot))) return `${calleeText(inner)}(..)`;
    return null;
  }
  if (calls.some((c) => isDatabaseWorkMethod(c.name)) && !calls.some((c) => c.name === 'send')) return null;
  const first = calls[0]!;
  const receiverText = root.type === 'call_expression' ? calleeText(root) : rootText;
  const label = `${receiverText.length > 30 ? '..' : receiverText}.${first.name}(..)${calls.length > 1 ? '..' : ''}`;
  if (root.type === 'call_expression' && isNonDatabaseWait(imports.resolve(calleeText(root)))) return label;
  if (isDbReceiverText(rootText) && !isServiceClientText(rootText)) return null;
  if (isServiceClientText(rootText)) return label;
  if (calls.some((c) => isRemoteCallMethod(c.name))) return label;
  if (rootText === 'self' && sameFileHelperIsExternal(first.name, fileRoot)) return label;
  return null;
}

export default defineRule({
  id: 'database/tx-spans-external-io',
  role: 'database',
  category: 'suspicious',
  // openedTransaction: `.begin()` / `.begin_with(..)` / `.transaction()` / `.build_transaction()..start()`.
  requires: /begin|transaction/,
  docs: {
    summary: 'An HTTP call, e-mail, queue publish or sleep awaited while a database transaction is open.',
    why: 'The transaction keeps its pooled connection and every row lock until it ends, so a slow remote call stalls all requests touching those rows and drains the pool; and if the commit then fails, the remote side effect (a charge, an e-mail) has happened for data that was rolled back.',
    bad: `pub async fn checkout(&self, cart: &Cart) -> Result<(), Error> {
    let mut tx = self.db.begin().await?;
    let order = insert_order(&mut tx, cart).await?;
    let charge = self.payments.charge(order.total_cents, order.id).await?;
    mark_paid(&mut tx, order.id, &charge.id).await?;
    tx.commit().await?;
    Ok(())
}
`,
    good: `pub async fn checkout(&self, cart: &Cart) -> Result<(), Error> {
    let mut tx = self.db.begin().await?;
    let order = insert_order(&mut tx, cart).await?;
    tx.commit().await?;
    let charge = self.payments.charge(order.total_cents, order.id).await?;
    mark_paid(&self.db, order.id, &charge.id).await?;
    Ok(())
}
`,
    anchor: 'sqlx::Pool / Transaction docs; PostgreSQL "Explicit Locking" (row locks are held until the transaction ends)',
  },
  messages: {
    external: '`{{call}}` is awaited while transaction `{{tx}}` (line {{line}}) is open: its connection and row locks are held for the whole remote call',
    // A command of a command-line tool (an operator's one-off job): no request waits on it, but the
    // database it works on may be the service's, whose rows stay locked meanwhile.
    externalInTool: {
      text: '`{{call}}` is awaited while transaction `{{tx}}` (line {{line}}) is open; this is a command-line tool, so only this command waits, but the connection and any row locks taken so far are held for the whole remote call',
      category: 'style',
    },
  },
  help: 'Commit (or not yet begin) the transaction around the remote call: write a pending state, commit, call the service, then record the result in a second short transaction (or use an outbox).',
  create(ctx) {
    return {
      let_declaration(node) {
        const tx = openedTransaction(node);
        if (!tx || ctx.isTest(node)) return;
        const seen = new Set<number>();
        for (const awaited of awaitsWhileOpen(tx)) {
          const call = externalCall(awaited, tx.name, ctx.imports, ctx.root);
          if (!call) continue;
          const stmt = enclosingStatement(awaited) ?? awaited;
          if (seen.has(stmt.id)) continue;
          seen.add(stmt.id);
          ctx.report({ node: stmt, messageId: ctx.model.inCommandLineTool ? 'externalInTool' : 'external', data: { call, tx: tx.name, line: lineOf(node) } });
        }
      },
    };
  },
});
