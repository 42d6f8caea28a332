/**
 * Probot's throttling (Bottleneck 2.19.5 on Redis 7) after Redis restarts empty: without the wrap,
 * every limited request fails with `ERR SETTINGS_KEY_NOT_FOUND` for good; with it, Bottleneck
 * re-initialises and re-registers, and requests go through again. A real redis-server, killed and
 * started again on the same port.
 */
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, test } from 'vitest';
import { repairBottleneckRedis } from '../../src/github/throttle-redis.js';
import { REDIS_MISSING, redisAvailable, startRedis, type RedisServer } from './redis-server.js';

if (!redisAvailable) console.warn(`test/scale/throttle-redis.test.ts skipped: ${REDIS_MISSING}`);

const servers: RedisServer[] = [];
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c().catch(() => {});
  for (const s of servers.splice(0)) await s.stop();
});

async function limiterOn(url: string, repaired: boolean) {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  const connection = new Bottleneck.IORedisConnection({ client });
  connection.on('error', () => {});
  if (repaired) repairBottleneckRedis(connection);
  const limiter = new Bottleneck({ id: `t-${Math.random()}`, maxConcurrent: 1, minTime: 5, datastore: 'ioredis', connection });
  limiter.on('error', () => {});
  cleanup.push(async () => limiter.disconnect(false));
  return limiter;
}

/** A job, or the error it ended with, or 'stuck' after 5 s. */
function run(limiter: Bottleneck): Promise<string> {
  return Promise.race([limiter.schedule(async () => 'ran').catch((e: Error) => e.message), new Promise<string>((r) => setTimeout(() => r('stuck'), 5_000))]);
}

describe.skipIf(!redisAvailable)('Probot throttling on a Redis restarted empty', () => {
  test.each([
    [false, 'ERR SETTINGS_KEY_NOT_FOUND'],
    [true, 'ran'],
  ])('wrapped: %s -> %s', async (repaired, after) => {
    const redis = await startRedis();
    servers.push(redis);
    const limiter = await limiterOn(redis.url, repaired);
    expect(await run(limiter)).toBe('ran');
    await redis.restart();
    expect(await run(limiter)).toBe(after);
  });
});
