/**
 * The App's environment: every variable `node dist/main.js` reads (its own and Probot's), checked
 * once at start-up so that a typo fails there, naming the variable, instead of falling back to a
 * default in silence; and the effective settings, secrets redacted, for the start-up log.
 * `.env.example` lists the same variables (a test keeps them in step with the code).
 *
 * `.env`: Probot 14 copies it over the real environment (`applyEnv`). The App loads it first with the
 * opposite precedence, the one of dotenv and of every other tool: a variable set in the real
 * environment wins, `.env` only fills what is unset (see src/main.ts).
 */
import fs from 'node:fs';
import { parseEnv } from 'node:util';

export interface EnvVar {
  name: string;
  /** What it does, for the error message and .env.example. */
  what: string;
  secret?: boolean;
  /** An error message when the value is unusable. */
  check?: (value: string) => string | undefined;
}

const positiveInt = (unit: string) => (v: string) => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? undefined : `must be a whole number of ${unit} above 0`);
const oneOf = (...values: string[]) => (v: string) => (values.includes(v.trim()) ? undefined : `must be one of ${values.join(', ')}`);
const url = (...protocols: string[]) => (v: string) => {
  try {
    const u = new URL(v.trim());
    return protocols.includes(u.protocol.replace(/:$/, '')) ? undefined : `must be a ${protocols.join(' or ')} URL`;
  } catch {
    return `must be a URL (${protocols.join(' or ')})`;
  }
};

export const APP_ENV: EnvVar[] = [
  // GitHub App credentials (Probot). Without APP_ID, `npm start` runs Probot's setup flow at /.
  { name: 'APP_ID', what: 'the GitHub App id', check: positiveInt('(an App id)') },
  { name: 'PRIVATE_KEY', what: "the App's private key (PEM; newlines may be written as \\n)", secret: true, check: (v) => (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v.replace(/\\n/g, '\n')) ? undefined : 'must be a PEM private key (-----BEGIN ... PRIVATE KEY-----)') },
  { name: 'PRIVATE_KEY_PATH', what: 'a file holding the private key, instead of PRIVATE_KEY', check: (v) => (fs.existsSync(v) ? undefined : `no such file: ${v}`) },
  { name: 'WEBHOOK_SECRET', what: 'verifies webhook signatures (X-Hub-Signature-256)', secret: true },
  { name: 'WEBHOOK_PATH', what: 'where webhooks are taken (default /api/github/webhooks; / works too)', check: (v) => (v.startsWith('/') ? undefined : 'must start with /') },
  { name: 'WEBHOOK_PROXY_URL', what: 'local development: a smee.io channel whose deliveries are forwarded to the App (needs the smee-client dev dependency)', check: url('http', 'https') },
  { name: 'PUBLIC_URL', what: "the App's public address; rule-doc links in comments and SARIF point to <PUBLIC_URL>/docs/rules/...", check: url('http', 'https') },
  { name: 'RUST_REVIEW_DOCS_URL', what: 'without PUBLIC_URL: where a copy of docs/rules/ is (links become <this>/<role>/<name>.md)', check: url('http', 'https') },
  // Server and logs (Probot).
  { name: 'PORT', what: 'listen port (default 3000)', check: (v) => (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? undefined : 'must be a port number (1-65535)') },
  { name: 'HOST', what: 'listen address (Probot defaults to localhost; 0.0.0.0 in containers)' },
  { name: 'LOG_LEVEL', what: 'trace, debug, info (default), warn, error, fatal', check: oneOf('trace', 'debug', 'info', 'warn', 'error', 'fatal') },
  { name: 'LOG_FORMAT', what: 'json (default when NODE_ENV=production) or pretty', check: oneOf('json', 'pretty') },
  { name: 'LOG_LEVEL_IN_STRING', what: 'true: JSON logs carry the level as a name', check: oneOf('true', 'false') },
  { name: 'LOG_MESSAGE_KEY', what: 'the JSON key of the log message (default msg)' },
  { name: 'SENTRY_DSN', what: 'send errors to Sentry', secret: true },
  { name: 'NODE_ENV', what: 'production: no setup flow (APP_ID is required), JSON logs' },
  { name: 'GHE_HOST', what: 'GitHub Enterprise Server host (API at https://<GHE_HOST>/api/v3)' },
  { name: 'GHE_PROTOCOL', what: 'http or https (default) for GHE_HOST', check: oneOf('http', 'https') },
  { name: 'GH_ORG', what: "setup flow: register the App under this organisation instead of your user" },
  { name: 'NO_SMEE_SETUP', what: 'true: the setup flow does not create a smee.io channel', check: oneOf('true', 'false') },
  // The review queue and the process.
  { name: 'REDIS_URL', what: 'shared BullMQ queue, redelivery checks, LLM result cache and throttling for several replicas', secret: true, check: url('redis', 'rediss') },
  { name: 'REVIEW_CONCURRENCY', what: 'reviews running at once in this process (default 2)', check: positiveInt('reviews') },
  { name: 'REVIEW_CONCURRENCY_PER_INSTALLATION', what: 'reviews of one installation running at once (default 3)', check: positiveInt('reviews') },
  { name: 'GITHUB_TIMEOUT_MS', what: 'time one GitHub request may take before it is abandoned and retried (default 30000)', check: positiveInt('milliseconds') },
  { name: 'GITHUB_DEADLINE_MS', what: 'time one GitHub request may take in all: throttle queue, retries and rate-limit waits included (default 600000)', check: positiveInt('milliseconds') },
  { name: 'SHUTDOWN_GRACE_MS', what: "on SIGTERM, time the reviews in flight get before they are handed back (default 8000, inside docker stop's 10 s)", check: positiveInt('milliseconds') },
  { name: 'ORPHANS', what: 'without Redis, at start-up: requeue (default), mark or off', check: oneOf('requeue', 'mark', 'off') },
  { name: 'APP_SLUG', what: "the App's slug (its bot login without [bot]); default: asked from GitHub once (GET /app)" },
  { name: 'RUST_REVIEW_MARKER_SECRET', what: 'key of the signed fingerprint markers in comments (default: derived from WEBHOOK_SECRET); all replicas need the same', secret: true },
  { name: 'RUST_REVIEW_SQUAWK_PATH', what: 'a squawk binary to use instead of the bundled squawk-cli one', check: (v) => (fs.existsSync(v) ? undefined : `no such file: ${v}`) },
  // Analysis.
  { name: 'ANALYSIS_CACHE_MB', what: 'in-memory cache of parsed trees and per-file findings (default 64); with REDIS_URL shared through Redis', check: positiveInt('megabytes') },
  { name: 'RUST_REVIEW_WORKER_HEAP_MB', what: 'heap of each analysis worker thread (default 512); a file whose analysis needs more is reported as not reviewed', check: positiveInt('megabytes') },
  { name: 'RUST_REVIEW_WORKER_YOUNG_MB', what: "young generation of each analysis worker thread (default 8; V8's own default keeps up to 48 MB resident in each)", check: positiveInt('megabytes') },
  { name: 'RUST_REVIEW_TREE_READER', what: "api: read trees through web-tree-sitter's public API instead of WASM memory (slower; for diagnosis)", check: oneOf('api', 'memory') },
  // LLM passes.
  { name: 'ANTHROPIC_API_KEY', what: 'turns the LLM passes on (with llm.enabled in the config)', secret: true },
  { name: 'ANTHROPIC_BASE_URL', what: 'the Anthropic API address (default the SDK\'s)', check: url('http', 'https') },
];

/** Read by the command line only (documented in `rust-review --help` and the README). */
export const CLI_ENV = ['NO_COLOR', 'FORCE_COLOR', 'RUST_REVIEW_DEBUG', 'RUST_REVIEW_CACHE', 'RUST_REVIEW_CACHE_DIR', 'RUST_REVIEW_CACHE_MAX_MB', 'RUST_REVIEW_RESULT_CACHE', 'RUST_REVIEW_LOCAL_SHARE'];
/** Read by the test suite only. */
export const TEST_ENV = ['RUST_REVIEW_CHECK_REQUIRES'];

export class EnvError extends Error {
  constructor(readonly problems: { name: string; message: string }[]) {
    super(problems.map((p) => `${p.name}: ${p.message}`).join('; '));
    this.name = 'EnvError';
  }
}

/** Throws an EnvError naming every variable at fault. */
export function validateEnv(env: NodeJS.ProcessEnv): void {
  const problems: { name: string; message: string }[] = [];
  for (const v of APP_ENV) {
    const value = env[v.name];
    if (value === undefined || value === '') continue;
    const message = v.check?.(value);
    if (message) problems.push({ name: v.name, message: `${message} (${v.what}; got ${v.secret ? 'a value that is not shown' : JSON.stringify(value.slice(0, 200))})` });
  }
  if (env.APP_ID) {
    if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) problems.push({ name: 'PRIVATE_KEY', message: 'APP_ID is set but neither PRIVATE_KEY nor PRIVATE_KEY_PATH is (the App cannot authenticate)' });
    if (!env.WEBHOOK_SECRET) problems.push({ name: 'WEBHOOK_SECRET', message: 'APP_ID is set but WEBHOOK_SECRET is not (webhook signatures could not be checked)' });
  } else if (env.NODE_ENV === 'production') {
    problems.push({ name: 'APP_ID', message: 'required with NODE_ENV=production (the setup flow runs only in development)' });
  }
  if (problems.length) throw new EnvError(problems);
}

/** Every App variable that is set, secrets shown only as set. */
export function effectiveSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of APP_ENV) {
    const value = env[v.name];
    if (value === undefined || value === '') continue;
    out[v.name] = v.secret ? '(set)' : v.name === 'REDIS_URL' ? redactUrl(value) : value;
  }
  return out;
}

function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(set)';
  }
}

/**
 * Reads `.env` (if any) into `env`, without overriding what is already set. Returns the names it set
 * and the names it did not override.
 */
export function loadDotEnv(file: string, env: NodeJS.ProcessEnv = process.env): { loaded: string[]; overridden: string[] } {
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { loaded: [], overridden: [] };
    throw e;
  }
  const loaded: string[] = [];
  const overridden: string[] = [];
  for (const [k, v] of Object.entries(parsed)) {
    if (env[k] !== undefined) overridden.push(k);
    else {
      env[k] = v;
      loaded.push(k);
    }
  }
  return { loaded, overridden };
}
