/**
 * The crate fns a fn's body reaches, by the crate index's call sites: the fns its calls resolve to
 * (paths through the modules' `use`s, `Type::method`, the receiver's type, another member's library)
 * and the fns it hands over by path (`get(archive_project)`, `.service(close_account)`, a macro's
 * argument). "Which production fns does this test call" is asked of this, never of the names the
 * test happens to mention.
 *
 * The review's model holds the changed files and the production code around them; test files read
 * later (an out-of-line `mod tests;`, the crate's `tests/`) are added by their facts to an index of
 * the model's own, rebuilt only when a file was added since it was last asked.
 *
 * Two kinds of calls the facts do not hold are read from the fn's node when it is given: calls
 * inside the arguments of a macro the parser leaves as tokens (`assert_ok!(client.submit(..))`,
 * `assert_err!(validate_owner(""))`, `expect_that!(scope.matches("a"), eq(true))`: test crates' own
 * assertion macros), a path or a `.method` written before `( .. )`; and the calls of a fn declared
 * inside the body (a test's local `fn check(input, expected)` that it calls for each case). A
 * method read so has no receiver type, so it reaches by name only.
 */
import type { Node } from '../rust/parser.js';
import { CrateIndex, type FnRef } from './crate-index.js';
import { fileFacts, type CallFact, type FileFacts } from './facts.js';
import type { CrateModel } from './index.js';
import type { ManifestFact } from './manifests.js';
import { resolveCall } from './summaries.js';

/** A crate fn a body reaches. */
export interface ReachedFn {
  ref: FnRef;
  /** Called by a method's name alone: the receiver's type is unknown, so every method of that name is a candidate. */
  byNameOnly: boolean;
}

export class FnReach {
  /** Facts of files read besides the model's, by path. */
  private readonly extra = new Map<string, FileFacts>();
  private built?: CrateIndex;
  private readonly reached = new Map<string, readonly ReachedFn[]>();

  /** `manifests`: the packages to resolve other members' library paths by, without a model (the base version of a change). */
  constructor(
    private readonly model: CrateModel | undefined,
    private readonly manifests: readonly ManifestFact[] = model?.manifests ?? [],
  ) {}

  /** A file read (changed, or a test file): its facts join the index unless the model holds it. */
  add(path: string, root: Node): void {
    if (this.model?.has(path) || this.extra.has(path)) return;
    this.extra.set(path, fileFacts(root, path));
    this.built = undefined;
    this.reached.clear();
  }

  /** The index the answers come from: the model's, with the files added. */
  get index(): CrateIndex {
    if (!this.extra.size && this.model) return this.model.index;
    return (this.built ??= new CrateIndex([...(this.model?.facts.filter((f) => !this.extra.has(f.path)) ?? []), ...this.extra.values()], this.manifests));
  }

  /** The fn of a `function_item` node of a file added or held by the model. */
  fnAt(path: string, fnNode: Node): FnRef | undefined {
    const name = fnNode.childForFieldName('name')?.text;
    const line = fnNode.startPosition.row + 1;
    return this.index.fnsOfFile(path).find((r) => r.fn.line === line && r.fn.name === name);
  }

  /**
   * The crate fns `ref`'s body calls or hands over by path (itself excluded), each once; with its
   * `function_item` node, the calls written in macros' token trees too.
   */
  reachedBy(ref: FnRef, fnNode?: Node): readonly ReachedFn[] {
    const memo = `${fnNode ? '+' : ''}${ref.key}`;
    let out = this.reached.get(memo);
    if (!out) this.reached.set(memo, (out = this.compute(ref, fnNode)));
    return out;
  }

  private compute(ref: FnRef, fnNode: Node | undefined): ReachedFn[] {
    const index = this.index;
    // The model resolved the calls of its own fns already (and keeps them): asked again only for an extended index.
    const viaModel = this.model && index === this.model.index ? this.model.summaries : undefined;
    const out = new Map<string, ReachedFn>();
    const add = (target: FnRef, byNameOnly: boolean) => {
      if (target.key === ref.key) return;
      const known = out.get(target.key);
      if (!known || (known.byNameOnly && !byNameOnly)) out.set(target.key, { ref: target, byNameOnly });
    };
    ref.fn.calls.forEach((call, i) => {
      if (viaModel) {
        const known = viaModel.knownCallees(ref, i);
        const all = known.length ? known : viaModel.callees(ref, i);
        for (const t of all) add(t, !known.length);
      } else {
        const r = resolveCall(index, ref, call);
        for (const t of r.targets) add(t, r.byNameOnly);
      }
      for (const t of handedOver(index, ref, call.argPaths)) add(t, false);
    });
    for (const m of ref.fn.macros) for (const t of handedOver(index, ref, m.argPaths)) add(t, false);
    const body = fnNode?.childForFieldName('body');
    for (const call of body ? unindexedCalls(body) : []) {
      const r = resolveCall(index, ref, call);
      for (const t of r.targets) add(t, r.byNameOnly);
    }
    return [...out.values()];
  }
}

/**
 * Calls under `body` that its fn's facts do not hold, as the facts would have them without a
 * receiver: those written in the token trees of macro invocations (`path(..)`, `path::<T>(..)`,
 * `.method(..)`; a macro whose arguments the parser grafted as expressions holds no such tokens), and
 * every call of the fns declared inside it.
 */
function unindexedCalls(body: Node): CallFact[] {
  const out: CallFact[] = [];
  const visit = (n: Node, nested: boolean): void => {
    if (n.type === 'token_tree') scanTokens(n, out);
    else if (nested && n.type === 'call_expression') {
      const callee = n.childForFieldName('function');
      const named = callee?.type === 'generic_function' ? callee.childForFieldName('function') : callee;
      const line = n.startPosition.row + 1;
      if (named?.type === 'field_expression') out.push(call(line, { method: named.childForFieldName('field')?.text ?? '' }));
      else if (named?.type === 'identifier' || named?.type === 'scoped_identifier') out.push(call(line, { written: named.text.replace(/\s+/g, '') }));
    }
    for (const c of n.namedChildren) visit(c, nested || n.type === 'function_item');
  };
  visit(body, false);
  return out;
}

const call = (line: number, what: { written: string } | { method: string }): CallFact => ({ line, awaited: false, context: 'sync', closureArg: false, argNames: [], ...what });

/** A token that can be a segment of a path (`crate::a::b`, `self::f`). */
const isPathSegment = (type: string | undefined): boolean => type === 'identifier' || type === 'crate' || type === 'self' || type === 'super';

/** The calls one token tree's own tokens spell (its nested token trees are visited on their own). */
function scanTokens(tt: Node, out: CallFact[]): void {
  const tokens = tt.children;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isPathSegment(t.type)) continue;
    // Only the start of a path: not its middle, nor a macro's name (`assert_err!`).
    const before = tokens[i - 1];
    if (before?.type === '::' || before?.type === 'identifier') continue;
    const segments = [t.text];
    let j = i + 1;
    while (tokens[j]?.type === '::' && isPathSegment(tokens[j + 1]?.type)) {
      segments.push(tokens[j + 1]!.text);
      j += 2;
    }
    // A turbofish (`parse::<u32>(..)`): skipped to its closing `>`.
    if (tokens[j]?.type === '::' && tokens[j + 1]?.type === '<') {
      let depth = 0;
      for (j += 1; j < tokens.length; j++) {
        if (tokens[j]!.type === '<') depth++;
        else if (tokens[j]!.type === '>' && --depth === 0) break;
      }
      j++;
    }
    const args = tokens[j];
    if (args?.type !== 'token_tree' || args.child(0)?.type !== '(') continue;
    const line = t.startPosition.row + 1;
    if (before?.type === '.') {
      if (segments.length === 1) out.push(call(line, { method: t.text }));
    } else out.push(call(line, { written: segments.join('::') }));
  }
}

/** Crate fns named by bare paths among a call's or macro's arguments, resolved through the module's `use`s (a parameter or a local of the fn is no fn). */
function handedOver(index: CrateIndex, ref: FnRef, paths: readonly string[] | undefined): FnRef[] {
  if (!paths?.length) return [];
  const crate = index.crateOf(ref.file.path);
  const module = index.moduleAt(ref.file, ref.fn.module);
  return paths.flatMap((path) => {
    if (!path.includes('::') && (ref.fn.params.some((p) => p.name === path) || ref.fn.lets.some((l) => l.name === path))) return [];
    const r = index.resolve(crate, module, path);
    return r ? index.freeFns(r) : [];
  });
}
