/**
 * A throwaway redis-server (Debian's `redis-server`, installed by .ci/run) on a free loopback port,
 * without persistence. `redisAvailable` is false when the binary is missing: the tests that need it
 * are skipped with that reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../e2e/harness.js';

export const redisAvailable = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
export const REDIS_MISSING = 'redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  /** SIGKILL, then nothing listens (an outage) until `start()`. */
  kill(): Promise<void>;
  /** Starts again, empty, on the same port. */
  start(): Promise<void>;
  /** kill() then start(): Redis restarted empty. */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const launch = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    child = c;
    exited = new Promise<void>((r) => c.once('exit', () => r()));
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.end();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (!child || child.exitCode !== null) return;
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => kill('SIGTERM'),
    kill: () => kill('SIGKILL'),
    start: launch,
    async restart() {
      await kill('SIGKILL');
      await launch();
    },
  };
}
