import type { Node } from '../../rust/parser.js';
import { lineOf, methodName } from '../../rust/syntax.js';
import { defineRule, type FileContext } from '../define-rule.js';
import { resolvedCallee } from './support/calls.js';
import { asyncOwnerLabel, enclosingFn, isEntryPoint, onExecutor } from './support/context.js';
import { functionItems, localCalleeName, syncHelpersCalling } from './support/sync-helpers.js';

/** Known CPU-heavy free functions, by resolved path, with what they do (for the message). */
const HEAVY_FUNCTIONS: [RegExp, string][] = [
  [/^bcrypt::(hash|verify|hash_with_result|hash_with_salt|non_truncating_hash\w*|non_truncating_verify)$/, 'bcrypt password hashing'],
  [/^argon2::(hash_encoded|hash_raw|verify_encoded|verify_raw)$/, 'argon2 password hashing'],
  [/^scrypt::(scrypt|scrypt_simple|scrypt_check)$/, 'scrypt key derivation'],
  [/^pbkdf2::(pbkdf2|pbkdf2_hmac|pbkdf2_hmac_array|pbkdf2_array)$/, 'PBKDF2 key derivation'],
  [/^ring::pbkdf2::(derive|verify)$/, 'PBKDF2 key derivation'],
  [/^zstd::(encode_all|decode_all|stream::encode_all|stream::decode_all|bulk::compress|bulk::decompress)$/, 'zstd compression'],
  [/^flate2::(read|write|bufread)::(Gz|Zlib|Deflate|MultiGz)(Encoder|Decoder)::new$/, 'flate2 compression'],
  [/^brotli::(BrotliCompress|BrotliDecompress|CompressorWriter::new|CompressorReader::new)$/, 'brotli compression'],
  [/^image::(open|load|load_from_memory|load_from_memory_with_format|imageops::(resize|blur|thumbnail))$/, 'image decoding / resizing'],
  [/^rsa::RsaPrivateKey::new$/, 'RSA key generation'],
];

/** The crates of HEAVY_FUNCTIONS: every pattern starts with one of them. */
const HEAVY_CRATES = /^(bcrypt|argon2|scrypt|pbkdf2|ring|zstd|flate2|brotli|image|rsa)::/;

/** `password-hash` trait methods (argon2, scrypt, pbkdf2 hashers); matched only when the file uses those crates. */
const HASHER_METHODS = /^(hash_password|hash_password_into|hash_password_customized|verify_password)$/;
const HASHER_CRATES = /^(argon2|password_hash|scrypt|pbkdf2)::/;

function heavyCall(ctx: FileContext, call: Node, localFns: () => Set<string>): { name: string; what: string } | null {
  const resolved = resolvedCallee(call, ctx.imports);
  if (resolved) {
    if (!HEAVY_CRATES.test(resolved)) return null;
    for (const [pattern, what] of HEAVY_FUNCTIONS) if (pattern.test(resolved)) return { name: resolved, what };
    return null;
  }
  const method = methodName(call);
  if (method === null || !HASHER_METHODS.test(method) || localFns().has(method)) return null;
  if (call.parent?.type === 'await_expression') return null;
  const usesHasherCrate = [...ctx.imports.names.values(), ...ctx.imports.globs].some((p) => HASHER_CRATES.test(`${p}::`));
  return usesHasherCrate ? { name: method, what: 'password hashing' } : null;
}

export default defineRule({
  id: 'async/cpu-heavy-in-async',
  role: 'async',
  category: 'perf',
  // A crate of HEAVY_CRATES / HASHER_CRATES is named in the file (ring's functions are under `ring::pbkdf2`).
  requires: /bcrypt|argon2|scrypt|pbkdf2|zstd|flate2|brotli|image|rsa|password_hash/,
  docs: {
    summary: 'Password hashing (bcrypt, argon2, scrypt, PBKDF2), compression, image processing or key generation done directly in async code.',
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
    indirect: '`{{callee}}(..)` is called from {{owner}} and runs `{{call}}` ({{what}}, line {{innerLine}}) on the executor thread, stalling the other tasks on that worker',
  },
  help: 'Run it in `tokio::task::spawn_blocking(move || ..).await` (or on a rayon pool) so the executor thread stays free.',
  create(ctx) {
    let localFns: Set<string> | undefined;
    let helpers: Map<string, Node> | undefined;
    const fileFns = () => (localFns ??= new Set(functionItems(ctx.root).map((f) => f.childForFieldName('name')?.text ?? '')));
    return {
      call_expression(node) {
        if (!onExecutor(node) || ctx.isTest(node)) return;
        const fn = enclosingFn(node);
        if (fn && isEntryPoint(fn)) return;
        const found = heavyCall(ctx, node, fileFns);
        if (!found) {
          const name = localCalleeName(node);
          if (!name) return;
          helpers ??= syncHelpersCalling(ctx.root, ctx.isTest, (c) => heavyCall(ctx, c, fileFns) !== null);
          const inner = helpers.get(name);
          if (!inner) return;
          const heavy = heavyCall(ctx, inner, fileFns)!;
          ctx.report({ node, messageId: 'indirect', data: { callee: name, owner: asyncOwnerLabel(node), call: heavy.name, what: heavy.what, innerLine: lineOf(inner) } });
          return;
        }
        ctx.report({ node, messageId: 'heavy', data: { call: found.name, what: found.what, owner: asyncOwnerLabel(node) } });
      },
    };
  },
});
