/**
 * A local Anthropic Messages API on /v1/messages for tests and benchmarks. The real SDK is pointed at it
 * through `baseURL`. Each request goes to a handler (per-test script) which can answer findings, text,
 * errors, or hang. Usage is simulated, prompt caching included: the prefix up to each `cache_control`
 * breakpoint (tools -> system -> messages) is remembered once written, later requests read it, and a
 * prefix under the model's minimum (512 tokens here) is not cached, like the real API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface FakeRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** The role pass, read from the `# Role: <role>` line of the request. */
  role?: string;
  /** Every text block of the request, joined. */
  text: string;
  /** The added lines shown to the model, per path: line -> text. */
  added: Map<string, Map<number, string>>;
  /** 0-based index among all /v1/messages requests. */
  index: number;
}

export type Reply =
  | { kind: 'json'; status?: number; headers?: Record<string, string>; body: unknown }
  | { kind: 'hang' };

export type Handler = (req: FakeRequest) => Reply | Promise<Reply>;

export interface SimUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

export interface RecordedCall extends FakeRequest {
  status: number;
  usage?: SimUsage;
}

export interface FakeAnthropic {
  baseURL: string;
  calls: RecordedCall[];
  /** Replaces the handler (the script of the next requests). */
  setHandler(h: Handler): void;
  /** Forgets the simulated prompt cache. */
  clearCache(): void;
  close(): Promise<void>;
}

export const tokensOf = (text: string): number => Math.ceil(text.length / 4);
const MIN_CACHEABLE = 512;

export async function startFakeAnthropic(handler: Handler = () => findingsReply([])): Promise<FakeAnthropic> {
  let current = handler;
  const calls: RecordedCall[] = [];
  const cache = new Set<string>();
  const hanging = new Set<http.ServerResponse>();
  let index = 0;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const body = raw ? JSON.parse(raw) : null;
      if (req.url?.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ input_tokens: tokensOf(raw) }));
      }
      if (!req.url?.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(errorBody('not_found_error', `fake: no route ${req.url}`)));
      }
      const text = allText(body);
      const fr: FakeRequest = { path: req.url, headers: req.headers, body, text, role: /^# Role: (\w+)/m.exec(text)?.[1], added: addedLines(text), index: index++ };
      let reply: Reply;
      try {
        reply = await current(fr);
      } catch (e) {
        reply = { kind: 'json', status: 500, body: errorBody('api_error', `fake handler threw: ${(e as Error).message}`) };
      }
      if (reply.kind === 'hang') {
        calls.push({ ...fr, status: 0 });
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const status = reply.status ?? 200;
      let out = reply.body as any;
      let usage: SimUsage | undefined;
      if (status === 200 && out && out.type === 'message') {
        usage = { ...simulateUsage(body, cache), output_tokens: tokensOf(JSON.stringify(out.content)), ...(out.usage ?? {}) };
        out = { ...out, usage };
      }
      calls.push({ ...fr, status, usage });
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${fr.index}`, ...(reply.headers ?? {}) });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    calls,
    setHandler: (h) => (current = h),
    clearCache: () => cache.clear(),
    close: () =>
      new Promise<void>((ok) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** A successful structured-output answer: `{"findings": [...]}` as a text block. */
export function findingsReply(findings: unknown[], extra: Record<string, unknown> = {}): Reply {
  return textReply(JSON.stringify({ findings }), extra);
}

export function textReply(text: string, extra: Record<string, unknown> = {}): Reply {
  return { kind: 'json', body: message([{ type: 'text', text }], extra) };
}

export function message(content: unknown[], extra: Record<string, unknown> = {}) {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content,
    stop_reason: 'end_turn',
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    ...extra,
  };
}

export function errorReply(status: number, type: string, msg: string, opts: { headers?: Record<string, string>; errorCode?: string } = {}): Reply {
  const body = errorBody(type, msg);
  if (opts.errorCode) (body.error as Record<string, unknown>).details = { error_code: opts.errorCode };
  return { kind: 'json', status, headers: opts.headers, body };
}

export const hang = (): Reply => ({ kind: 'hang' });

function errorBody(type: string, message: string) {
  return { type: 'error', error: { type, message } as Record<string, unknown>, request_id: 'req_fake_error' };
}

/** Text of every block, in prefix order: tools, system, messages. */
function blocks(body: any): { text: string; breakpoint: boolean }[] {
  const out: { text: string; breakpoint: boolean }[] = [];
  for (const t of body?.tools ?? []) out.push({ text: JSON.stringify(t), breakpoint: !!t.cache_control });
  const sys = body?.system;
  if (typeof sys === 'string') out.push({ text: sys, breakpoint: false });
  else for (const b of sys ?? []) out.push({ text: b.text ?? '', breakpoint: !!b.cache_control });
  for (const m of body?.messages ?? []) {
    if (typeof m.content === 'string') out.push({ text: m.content, breakpoint: false });
    else for (const b of m.content ?? []) out.push({ text: b.text ?? JSON.stringify(b), breakpoint: !!b.cache_control });
  }
  return out;
}

function allText(body: any): string {
  return blocks(body).map((b) => b.text).join('\n');
}

function simulateUsage(body: any, cache: Set<string>): Omit<SimUsage, 'output_tokens'> {
  const bs = blocks(body);
  const hash = createHash('sha256').update(JSON.stringify([body.model, body.output_config ?? null]));
  const prefixes: { key: string; tokens: number }[] = [];
  let tokens = 0;
  for (const b of bs) {
    hash.update(b.text);
    tokens += tokensOf(b.text);
    if (b.breakpoint) prefixes.push({ key: hash.copy().digest('hex'), tokens });
  }
  const total = tokens;
  let read = 0;
  for (const p of prefixes) if (cache.has(p.key)) read = p.tokens;
  const last = prefixes.filter((p) => p.tokens >= MIN_CACHEABLE).at(-1);
  const write = last && last.tokens > read ? last.tokens - read : 0;
  for (const p of prefixes) if (p.tokens >= MIN_CACHEABLE) cache.add(p.key);
  return { input_tokens: total - read - write, cache_creation_input_tokens: write, cache_read_input_tokens: read };
}

/** Parses the `__new hunk__` lines (`12 +code`) the model was shown, per file. */
function addedLines(text: string): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  let file: Map<number, string> | undefined;
  for (const line of text.split('\n')) {
    const f = /^## File: '([^']+)'/.exec(line);
    if (f) {
      file = new Map();
      out.set(f[1]!, file);
      continue;
    }
    const m = /^\s*(\d+) \+(.*)$/.exec(line);
    if (m && file) file.set(Number(m[1]), m[2]!);
  }
  return out;
}
