#!/usr/bin/env node
/**
 * Why the Redis-kill load test lost a review (issue 20): Bottleneck 2.19.5 on Redis leaves jobs queued
 * for good when many short-lived limiter clients share one key, and more so when Redis is killed and
 * restarted empty under them. The test harness used to build a new throttling Group per Octokit (one
 * Bottleneck client per job), production builds one per process (@octokit/plugin-throttling's
 * module-level groups). A real redis-server; jobs of 3 ms on one key (maxConcurrent 1), two every
 * 40 ms for 4 s; then 15 s quiet; prints the jobs never run.
 *
 *   node bench/bottleneck-clients.mjs [shared|per-call] [kill|nokill]
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';

const mode = process.argv.includes('per-call') ? 'per-call' : 'shared';
const kill = !process.argv.includes('nokill');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
let child;
const start = async () => {
  child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await sleep(300);
};
await start();
// As src/github/throttle-redis.ts does: Redis 7's `ERR ` prefix removed so Bottleneck re-registers.
const RECOVERABLE = /^ERR (UNKNOWN_CLIENT|SETTINGS_KEY_NOT_FOUND)\b/;
const repaired = (c) => {
  const original = c.__scriptArgs__.bind(c);
  c.__scriptArgs__ = (n, id, a, cb) => original(n, id, a, (e, r) => (RECOVERABLE.test(e?.message ?? '') && (e.message = RECOVERABLE.exec(e.message)[1]), cb(e, r)));
  return c;
};
const connections = [0, 1].map(() => {
  const c = new Bottleneck.IORedisConnection({ client: new Redis(`redis://127.0.0.1:${port}`) });
  c.on('error', () => {});
  return repaired(c);
});
const group = (connection) => new Bottleneck.Group({ id: 'w', maxConcurrent: 1, minTime: 5, datastore: 'ioredis', connection, timeout: 120_000 });
const shared = connections.map(group);
const pending = new Set();
let n = 0;
const schedule = (i) => {
  const id = n++;
  pending.add(id);
  const g = mode === 'shared' ? shared[i % 2] : group(connections[i % 2]);
  g.key('installation-1')
    .schedule(() => sleep(3))
    .finally(() => pending.delete(id));
};
const load = setInterval(() => [0, 1].forEach(schedule), 40);
await sleep(1000);
if (kill) {
  child.kill('SIGKILL');
  await sleep(1500);
  await start();
}
await sleep(1500);
clearInterval(load);
await sleep(15_000);
console.log(JSON.stringify({ mode, kill, jobs: n, neverRan: pending.size }));
child.kill('SIGKILL');
process.exit(0);
