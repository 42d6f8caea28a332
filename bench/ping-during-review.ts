/**
 * The App stays responsive during its biggest reviews (issue 20, "the event loop stays free"): for
 * each hostile file, a fresh App process reviews a pull request adding it while this process asks
 * `/ping` back to back; prints the worst and median `/ping` latency during the review, the review's
 * duration and conclusion, and the App process's peak resident memory (VmHWM: main thread and
 * analysis workers). The fake GitHub and the pinger live in this process, the App in its own.
 *
 *   npm run build && npx tsx bench/ping-during-review.ts [case ...]
 *
 * Cases: 600kb (a 600 KB file of handlers, one unwrap each), unwraps (6,000 unwraps in one
 * handler), lines (a file of about a million lines), backslashes (800 KB of backslashes in a string
 * literal), line (600 KB of statements on one line). A benchmark, not a test: figures, no bounds.
 * `PING_PROFILE=dir` has the App write CPU profiles (main thread and workers) to `dir`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { CLEAN } from '../test/e2e/fixtures.js';
import { FakeGitHub } from '../test/fakes/github/server.js';
import { doneOnHead, percentile, rssOf, send, sleep, type Replica } from './scale-common.js';

const HANDLER = (i: number) => `pub async fn handler_${i}(State(state): State<AppState>, Json(input): Json<Order>) -> Result<Json<Order>, ApiError> {\n    let id = input.id.parse::<u64>().unwrap();\n    let order = state.db.find(id).await?;\n    Ok(Json(order))\n}\n\n`;

const CASES: Record<string, () => string> = {
  '600kb': () => {
    let out = '';
    for (let i = 0; out.length < 600 * 1024; i++) out += HANDLER(i);
    return out;
  },
  unwraps: () => {
    const body = Array.from({ length: 6000 }, (_, i) => `    let v${i} = input.values.get(${i}).unwrap();`).join('\n');
    return `pub async fn handler(Json(input): Json<Input>) -> Json<u64> {\n${body}\n    Json(0)\n}\n`;
  },
  // Just under the default 1,000,000-byte file limit: a handler, then about a million empty lines.
  lines: () => {
    const head = HANDLER(0);
    return head + '\n'.repeat(999_000 - head.length);
  },
  // A handler whose string literal holds 800 KB of backslashes (escapes, one token each).
  backslashes: () => `${HANDLER(0)}pub const SLASHES: &str = "${'\\\\'.repeat(400 * 1024)}";\n`,
  // A handler, then 600 KB of statements on one line.
  line: () => {
    let body = '';
    for (let i = 0; body.length < 600 * 1024; i++) body += `let v${i} = input.values.get(${i}).unwrap(); `;
    return `${HANDLER(0)}pub async fn one_line(Json(input): Json<Input>) -> Json<u64> { ${body}Json(0) }\n`;
  },
};

async function startApp(fakeUrl: string): Promise<Replica> {
  const entry = path.resolve(import.meta.dirname, 'review-replica.ts');
  // PING_PROFILE=dir: the App writes a CPU profile of each thread there (node --cpu-prof) when it exits.
  const profile = process.env.PING_PROFILE ? ['--cpu-prof', '--cpu-prof-interval', '1000', '--cpu-prof-dir', path.resolve(process.env.PING_PROFILE)] : [];
  const child = spawn(process.execPath, ['--expose-gc', ...profile, '--import', 'tsx', entry], { env: { ...process.env, FAKE_URL: fakeUrl, CONCURRENCY: '2' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line).port));
    child.once('exit', (code) => reject(new Error(`the App exited (${code}) before it was ready:\n${output}`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return { webhookUrl: `${baseUrl}/api/github/webhooks`, baseUrl, child, output: () => output, stop: async () => (child.kill('SIGTERM'), exited), kill: async () => void (child.kill('SIGKILL'), await exited) };
}

/**
 * `/ping` back to back on a thread of its own: this thread also serves the fake GitHub (diffs of a
 * million lines), and a ping it could not send while busy would hide the App's own stalls.
 */
function startPinger(baseUrl: string): { stop(): Promise<number[]> } {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    let stopping = false;
    parentPort.once('message', () => (stopping = true));
    (async () => {
      const latencies = [];
      while (!stopping) {
        const t = performance.now();
        const text = await fetch(workerData + '/ping').then((r) => r.text());
        if (text !== 'PONG') throw new Error('/ping answered ' + text.slice(0, 80));
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 5));
      }
      parentPort.postMessage(latencies);
    })();`;
  const worker = new Worker(code, { eval: true, workerData: baseUrl });
  const done = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      const latencies = await done;
      await worker.terminate();
      return latencies;
    },
  };
}

async function ping(baseUrl: string): Promise<number> {
  const t = performance.now();
  const text = await fetch(`${baseUrl}/ping`).then((r) => r.text());
  if (text !== 'PONG') throw new Error(`/ping answered ${text.slice(0, 80)}`);
  return performance.now() - t;
}

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(CASES);
const fake = new FakeGitHub();
await fake.start();
const rows = [];
try {
  for (const name of names) {
    const make = CASES[name];
    if (!make) throw new Error(`unknown case ${name}: one of ${Object.keys(CASES).join(', ')}`);
    const source = make();
    const app = await startApp(fake.url!);
    try {
      // Warm up: worker start-up and the first requests are not the review's cost.
      for (let i = 0; i < 20; i++) await ping(app.baseUrl);
      const idleRssMb = rssOf(app.child.pid!).rssMb;
      const repo = fake.addRepo('acme', `ping-${name}`, { 'src/lib.rs': CLEAN });
      const pull = fake.openPull(repo, { changes: { 'src/huge.rs': source } });
      const started = performance.now();
      const pinger = startPinger(app.baseUrl);
      const status = await send(app, fake, repo, pull, 'opened');
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      let peakMb = 0;
      while (!(doneOnHead(repo, pull) || repo.checkRuns.some((r) => r.status === 'completed' && r.headSha === pull.headSha))) {
        if (performance.now() - started > 600_000) throw new Error(`${name}: no completed check run after 600 s`);
        peakMb = Math.max(peakMb, rssOf(app.child.pid!).peakMb);
        await sleep(20);
      }
      const reviewS = (performance.now() - started) / 1000;
      const latencies = await pinger.stop();
      const run = repo.checkRuns.filter((r) => r.headSha === pull.headSha).at(-1)!;
      peakMb = Math.max(peakMb, rssOf(app.child.pid!).peakMb);
      rows.push({
        case: name,
        bytes: source.length,
        lines: source.split('\n').length,
        reviewS: Math.round(reviewS * 10) / 10,
        conclusion: `${run.conclusion}: ${run.output.title ?? ''}`.slice(0, 90),
        pings: latencies.length,
        pingWorstMs: Math.round(Math.max(...latencies)),
        pingP50Ms: Math.round(percentile(latencies, 50)),
        pingP99Ms: Math.round(percentile(latencies, 99)),
        idleRssMb,
        peakRssMb: peakMb,
      });
      console.log(JSON.stringify(rows.at(-1)));
    } finally {
      await app.stop();
    }
  }
} finally {
  await fake.stop();
}
console.table(rows);
