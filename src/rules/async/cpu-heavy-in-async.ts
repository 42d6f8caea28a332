import { defineRule } from '../define-rule.js';
import { asyncOwnerLabel, onExecutor } from './support/context.js';
import { calledHelper } from './support/helpers.js';

export default defineRule({
  id: 'async/cpu-heavy-in-async',
  role: 'async',
  category: 'perf',
  // Reports only on the executor (async code); the heavy call may be in a helper of another file.
  requires: /async/,
  docs: {
    summary: 'Password hashing (bcrypt, argon2, scrypt, PBKDF2), compression, image processing, key generation or runtime template rendering (Tera, Handlebars) done directly in async code.',
    why: 'A bcrypt or argon2 hash takes tens to hundreds of milliseconds of pure CPU. Done in a handler it occupies the executor thread, so every other request scheduled there waits; a burst of logins stalls the whole service.',
    bad: [
      'pub async fn register(State(state): State<AppState>, Json(form): Json<Signup>) -> Result<StatusCode, ApiError> {',
      '    let hash = bcrypt::hash(&form.password, bcrypt::DEFAULT_COST)?;',
      '    users::insert(&state.db, &form.email, &hash).await?;',
      '    Ok(StatusCode::CREATED)',
      '}',
      '',
    ].join('\n'),
    good: [
      'pub async fn register(State(state): State<AppState>, Json(form): Json<Signup>) -> Result<StatusCode, ApiError> {',
      '    let password = form.password.clone();',
      '    let hash = tokio::task::spawn_blocking(move || bcrypt::hash(password, bcrypt::DEFAULT_COST)).await??;',
      '    users::insert(&state.db, &form.email, &hash).await?;',
      '    Ok(StatusCode::CREATED)',
      '}',
      '',
    ].join('\n'),
    anchor: 'tokio::task::spawn_blocking docs ("CPU-bound tasks and blocking code")',
  },
  messages: {
    heavy: '`{{call}}` ({{what}}) is CPU-heavy and runs on the executor thread inside {{owner}}, stalling the other tasks on that worker',
    indirect: '`{{callee}}(..)` is called from {{owner}} and runs `{{call}}` ({{what}}, {{at}}) on the executor thread, stalling the other tasks on that worker',
    offExecutor: {
      text: '`{{call}}` ({{what}}) runs inside {{owner}}; today every caller drives {{owner}} with `block_on` on a synchronous thread or from code that runs alone, so no executor worker stalls, but one that awaits it on the executor will',
      category: 'style',
    },
  },
  help: 'Run it in `tokio::task::spawn_blocking(move || ..).await` (or on a rayon pool) so the executor thread stays free.',
  create(ctx) {
    return {
      call_expression(node) {
        if (!onExecutor(node) || ctx.isTest(node)) return;
        // Start-up code before serving, a command-line tool's commands, test support: nothing else waits on this thread.
        if (ctx.model.runsAlone(node)) return;
        // The call itself (a hasher fn, a heavy method of the receiver's declared type): the model's evidence.
        const heavy = ctx.model.cpuHeavyCall(node);
        const found = heavy?.what ? { name: heavy.call, what: heavy.what } : null;
        if (!found) {
          // A crate fn (this file or another) whose body does the heavy work: the model's summary knows it.
          const helper = calledHelper(ctx, node, 'cpuHeavy');
          if (!helper?.evidence.what) return;
          if (ctx.model.drivenOffExecutor(node)) {
            ctx.report({ node, messageId: 'offExecutor', data: { call: `${helper.name}(..)`, what: helper.evidence.what, owner: asyncOwnerLabel(node) } });
            return;
          }
          ctx.report({ node, messageId: 'indirect', data: { callee: helper.name, owner: asyncOwnerLabel(node), call: helper.evidence.call, what: helper.evidence.what, at: helper.at } });
          return;
        }
        ctx.report({ node, messageId: ctx.model.drivenOffExecutor(node) ? 'offExecutor' : 'heavy', data: { call: found.name, what: found.what, owner: asyncOwnerLabel(node) } });
      },
    };
  },
});
