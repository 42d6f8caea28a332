import { ImportMap } from '../../rust/imports.js';
import type { Node } from '../../rust/parser.js';
import { ancestors, calleeText, chainTop, findDescendants, isTestPath, lineOf, methodChain, methodName, methodReceiver } from '../../rust/syntax.js';
import { isTestContext } from '../../model/test-attributes.js';
import { resolveBinding } from '../../model/bindings.js';
import { isClientConstruction, isConnectTimeoutMethod, isConvenienceRequest, isGrpcEndpoint, isRequestMethod, isTimeoutMethod, isTimeoutWrapper, isUnboundedConnect, isUnboundedHandshakeType } from '../../catalogue/http.js';
import { defineRule, type ChangeContext } from '../define-rule.js';
import { fileModelFor, type FileModel } from '../../model/index.js';
import { snippet } from './support/calls.js';
import { resolvedCallee } from '../../model/callee.js';
import { classifyConstruction, clientOrigin, type ClientOrigin, type ClientFile } from '../../model/client-origin.js';
import { requestTimeoutLayer } from '../../model/request-timeouts.js';

/** `connector.connect(name, tcp)` on a TLS connector (declared or constructed as one): the connector's type, else null. */
function handshakeConnector(call: Node, imports: ImportMap): string | null {
  const receiver = methodReceiver(call);
  if (receiver?.type !== 'identifier') return null;
  const decl = resolveBinding(receiver);
  if (!decl) return null;
  const written = decl.type
    ? decl.type.text.replace(/^&\s*('\w+\s+)?(mut\s+)?/, '').replace(/<.*$/s, '')
    : decl.value?.type === 'call_expression' && methodName(decl.value) === null
      ? calleeText(decl.value).replace(/::\w+$/, '')
      : '';
  if (!written) return null;
  const resolved = imports.resolveAt(written, call);
  return isUnboundedHandshakeType(resolved) ? resolved.split('::').slice(-1)[0]! : null;
}

/** Is `node` already bounded by `tokio::time::timeout(..)` (or a `.timeout(..)` future adaptor)? */
function insideTimeout(node: Node, imports: ImportMap): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'function_item') return false;
    if (a.type !== 'call_expression') continue;
    const path = resolvedCallee(a, imports);
    if (path && isTimeoutWrapper(path)) return true;
    if (methodName(a) === 'timeout') return true;
  }
  return false;
}

interface RequestSite {
  /** The `.post` / `.get` identifier the finding points at. */
  verb: Node;
  client: Node;
}

/** `client.post(url)...send().await` chains with no per-request `.timeout(..)`. */
function requestSites(root: Node): RequestSite[] {
  const out: RequestSite[] = [];
  for (const call of findDescendants(root, 'call_expression')) {
    if (methodName(call) !== 'send' || call.parent?.type !== 'await_expression') continue;
    const chain = methodChain(call);
    let links = chain.links;
    // `let request = client.post(url).json(&body); .. request.send().await`: the request built earlier.
    if (chain.root.type === 'identifier' && !links.some((l) => isRequestMethod(l.name))) {
      const decl = resolveBinding(chain.root);
      if (decl?.kind === 'let' && decl.value) links = [...methodChain(decl.value).links, ...links];
    }
    if (links.some((l) => isTimeoutMethod(l.name))) continue;
    const verbIndex = links.findIndex((l) => isRequestMethod(l.name));
    if (verbIndex !== 0) continue; // the verb must be the first call on the client
    const verbCall = links[0]!.node;
    const fn = verbCall.childForFieldName('function');
    const client = fn?.childForFieldName('value');
    const verb = fn?.childForFieldName('field');
    if (client && verb) out.push({ verb, client });
  }
  return out;
}

/** Where an origin is, for the message and the one finding on its construction. */
function place(origin: ClientOrigin): { path: string; line: number; text: string } | null {
  if (origin.node && origin.file) return { path: origin.file.path, line: lineOf(origin.node), text: snippet(origin.node, 60) };
  if (!origin.elsewhere) return null;
  const text = origin.elsewhere.text;
  return { ...origin.elsewhere, text: text.length > 60 ? `${text.slice(0, 57)}...` : text };
}

export default defineRule({
  id: 'async/missing-timeout',
  role: 'async',
  category: 'suspicious',
  docs: {
    summary: 'An outbound HTTP request on a `reqwest` client built without a timeout, `reqwest::get`, or a `TcpStream::connect` / tonic connect / TLS handshake (`TlsConnector::connect`) not wrapped in a timeout.',
    why: "reqwest's async client has no timeout by default. When the upstream hangs, the request (and the handler, its connection and whatever it holds) waits forever; under load the service runs out of connections or memory instead of failing fast.",
    bad: [
      'pub async fn score(State(state): State<AppState>, Json(order): Json<Order>) -> Result<Json<Score>, ApiError> {',
      '    let client = reqwest::Client::new();',
      '    let score = client',
      '        .post(&state.settings.fraud_url)',
      '        .json(&order)',
      '        .send()',
      '        .await?',
      '        .json()',
      '        .await?;',
      '    Ok(Json(score))',
      '}',
      '',
    ].join('\n'),
    good: [
      'pub async fn score(State(state): State<AppState>, Json(order): Json<Order>) -> Result<Json<Score>, ApiError> {',
      '    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;',
      '    let score = client',
      '        .post(&state.settings.fraud_url)',
      '        .json(&order)',
      '        .send()',
      '        .await?',
      '        .json()',
      '        .await?;',
      '    Ok(Json(score))',
      '}',
      '',
    ].join('\n'),
    anchor: 'reqwest ClientBuilder::timeout / RequestBuilder::timeout docs ("Default is no timeout"); tokio::time::timeout',
  },
  messages: {
    client: '`{{built}}` builds an HTTP client with no timeout: every request sent through it waits forever on a hung upstream',
    request: 'this `{{verb}}` request goes through `{{client}}`, built with no timeout ({{origin}}), so a hung upstream keeps this call waiting forever',
    convenience: '`reqwest::{{fn}}(..)` uses a fresh client with no timeout, so a hung upstream keeps this call waiting forever',
    handshake: '`{{call}}` (a TLS handshake with the peer) is not wrapped in `tokio::time::timeout`: a peer that accepts the connection and then stalls keeps this task waiting with no limit',
    connect: '`{{call}}` is not wrapped in `tokio::time::timeout`, so an unreachable peer keeps this task waiting for the OS connect timeout (minutes)',
    // The same defects in code that runs once for one person (a command of a command-line tool, a
    // subcommand or start-up step reached only from `main`): a hang there is seen and interrupted by
    // whoever ran it, nothing else waits on it. Noted, not warned.
    clientOnce: { text: '`{{built}}` builds an HTTP client with no timeout; this code runs as a one-off command, so a hung upstream stalls only the command', category: 'style' },
    requestOnce: { text: 'this `{{verb}}` request goes through `{{client}}`, built with no timeout ({{origin}}); it runs as a one-off command, so a hung upstream stalls only the command', category: 'style' },
    convenienceOnce: { text: '`reqwest::{{fn}}(..)` uses a fresh client with no timeout; it runs as a one-off command, so a hung upstream stalls only the command', category: 'style' },
    handshakeOnce: { text: '`{{call}}` (a TLS handshake with the peer) is not wrapped in `tokio::time::timeout`; it runs as a one-off command, so a stalled peer stalls only the command', category: 'style' },
    connectOnce: { text: '`{{call}}` is not wrapped in `tokio::time::timeout`; it runs as a one-off command, so an unreachable peer stalls only the command', category: 'style' },
    // Code that runs only while serving a request, in a crate whose router applies a timeout layer:
    // the layer drops the handler's future when it fires, so the wait ends then. Noted, not warned.
    bounded: {
      text: '{{what}} has no timeout of its own; it runs while serving a request, which `{{layer}}` ({{where}}) cancels when its timeout fires, so a hung upstream holds the request until then, not forever: a timeout here would fail sooner, with a clearer error',
      category: 'style',
    },
  },
  help: 'Set `.timeout(..)` on the request or on the shared `Client::builder()`, or wrap the call in `tokio::time::timeout(..)`, and decide what happens when it fires.',
  async check(ctx: ChangeContext) {
    const changedFiles = new Map(ctx.files.filter((f) => f.status !== 'removed').map((f) => [f.path, f]));
    const reportedClients = new Set<string>();
    /**
     * The model's view of the file being read (test-only code, where code runs). A client built in
     * this file is a node of this file; one only, so that a whole-tree review holds one tree at a time.
     */
    let current: FileModel | undefined;
    /**
     * The timeout layer of the crate `node` (of the file being read) is in, when the node runs only
     * while serving a request: the layer then bounds every await of it (model/request-timeouts.ts).
     */
    const boundingLayer = (node: Node): { layer: string; where: string } | undefined => {
      const model = ctx.project.model;
      if (!model || !current || current.executionContext(node) !== 'request') return undefined;
      const layer = requestTimeoutLayer(model.index, current.crate);
      return layer && { layer: `${layer.written}(..)`, where: `${layer.path}:${layer.line}` };
    };
    /** A timeout-less client built on a line this change adds: the finding belongs there, once. */
    const reportClient = (origin: ClientOrigin, once: boolean): boolean => {
      const at = place(origin);
      if (!at || !changedFiles.get(at.path)?.addedLines.has(at.line)) return false;
      const key = `${at.path}:${at.line}:${at.text}`;
      const inTest = origin.node && origin.file ? isTestContext(origin.node, origin.file.path) || !!(current?.path === origin.file.path && current.onlyInTests(origin.node)) : isTestPath(at.path);
      if (!reportedClients.has(key) && !inTest) {
        reportedClients.add(key);
        const bounded = !once && origin.node && current?.path === at.path ? boundingLayer(origin.node) : undefined;
        if (bounded) {
          ctx.report({ path: at.path, node: origin.node!, messageId: 'bounded', data: { what: `\`${at.text}\` builds an HTTP client that`, ...bounded } });
          return true;
        }
        const messageId = once ? 'clientOnce' : 'client';
        if (origin.node) ctx.report({ path: at.path, node: origin.node, messageId, data: { built: at.text } });
        else ctx.report({ path: at.path, line: at.line, messageId, data: { built: at.text } });
      }
      return true;
    };

    for (const changed of ctx.files) {
      if (changed.status === 'removed' || !changed.path.endsWith('.rs')) continue;
      const source = await ctx.readHead(changed.path);
      if (source === undefined) continue;
      const root = ctx.parse(source);
      // Other files of the crate are the model's (field initialisers), never parsed here.
      const fileModel = ctx.project.model?.has(changed.path) ? fileModelFor(root.tree, changed.path, ctx.project.model) : undefined;
      current = fileModel;
      const file: ClientFile = { path: changed.path, root, imports: ImportMap.fromRoot(root), ...(ctx.project.model ? { model: ctx.project.model } : {}) };
      /** Code that runs once for one person: a command-line tool's code, or code only `main` reaches (start-up, a subcommand). */
      const runsOnce = (node: Node): boolean => !!fileModel && (fileModel.inCommandLineTool || fileModel.executionContext(node) === 'startup');
      const report = (node: Node, messageId: 'request' | 'convenience' | 'handshake' | 'connect', data: Record<string, string>, rootCause?: string) => {
        if (isTestContext(node, file.path) || fileModel?.onlyInTests(node)) return;
        const once = runsOnce(node);
        const bounded = once ? undefined : boundingLayer(node);
        if (bounded) {
          const what = {
            request: `this \`${data.verb}\` request (through \`${data.client}\`, built by ${data.origin})`,
            convenience: `\`reqwest::${data.fn}(..)\` (a fresh client)`,
            handshake: `\`${data.call}\` (a TLS handshake)`,
            connect: `\`${data.call}\``,
          }[messageId];
          ctx.report({ path: file.path, node, messageId: 'bounded', data: { what, ...bounded }, rootCause });
          return;
        }
        ctx.report({ path: file.path, node, messageId: once ? `${messageId}Once` : messageId, data, rootCause });
      };

      for (const site of requestSites(file.root)) {
        if (insideTimeout(site.verb, file.imports)) continue;
        const origin = clientOrigin(site.client, file);
        const at = place(origin);
        if (origin.timeout !== 'none' || !at) continue;
        if (reportClient(origin, runsOnce(site.verb))) continue;
        const where = at.path === file.path ? `line ${at.line}` : `${at.path}:${at.line}`;
        // Every request through one timeout-less client has one fix (on the client): one comment lists them.
        report(site.verb, 'request', { verb: site.verb.text, client: site.client.text.replace(/\s+/g, ''), origin: `\`${at.text}\` at ${where}` }, `${at.path}:${at.line}:${at.text}`);
      }

      // Clients stored on added lines (state fields, statics) whose requests live elsewhere. A client
      // bound by a local `let` is judged by its requests above: they are all in this fn. Where those
      // requests run is not known here, only whether the whole package is a command-line tool.
      for (const call of findDescendants(file.root, 'call_expression')) {
        if (!isClientConstruction(resolvedCallee(call, file.imports) ?? '')) continue;
        const top = chainTop(call);
        if (top.parent?.type === 'let_declaration') continue;
        const origin = classifyConstruction(top, file);
        if (origin.timeout === 'none') reportClient(origin, !!fileModel?.inCommandLineTool);
      }

      for (const call of findDescendants(file.root, 'call_expression')) {
        const handshake = methodName(call) === 'connect' && call.parent?.type === 'await_expression' ? handshakeConnector(call, file.imports) : null;
        if (handshake && !insideTimeout(call, file.imports)) {
          report(call, 'handshake', { call: `${handshake}::connect(..).await` });
          continue;
        }
        const path = resolvedCallee(call, file.imports);
        if (!path || insideTimeout(call, file.imports)) continue;
        if (isConvenienceRequest(path) && call.parent?.type === 'await_expression') {
          report(call, 'convenience', { fn: path.split('::').pop()! });
        } else if (isUnboundedConnect(path) && call.parent?.type === 'await_expression') {
          report(call, 'connect', { call: `${path.split('::').slice(-2).join('::')}(..).await` });
        } else if (isGrpcEndpoint(path)) {
          const top = chainTop(call);
          const names = methodChain(top).links.map((l) => l.name);
          if (names.includes('connect') && !names.some(isConnectTimeoutMethod)) {
            report(call, 'connect', { call: `${path.split('::').slice(-2).join('::')}(..).connect()` });
          }
        }
      }
    }
  },
});
