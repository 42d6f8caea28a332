import { describe, expect, test } from 'vitest';
import { InProcessQueue, Superseded } from '../../src/queue/review-queue.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('InProcessQueue', () => {
  test('a newer job for the same key aborts the running one and replaces a queued one', async () => {
    const events: string[] = [];
    const q = new InProcessQueue<string>(async (job, signal) => {
      events.push(`start ${job}`);
      for (let i = 0; i < 20 && !signal.aborted; i++) await tick();
      events.push(signal.aborted ? `aborted ${job} by ${(signal.reason as Superseded).by}` : `done ${job}`);
    }, { concurrency: 2, onDropped: (_k, job) => void events.push(`dropped ${job}`) });
    q.enqueue('pr#1', 'a');
    await tick(20);
    q.enqueue('pr#1', 'b'); // aborts a; b waits for a to stop
    q.enqueue('pr#1', 'c'); // replaces b before it starts
    await q.idle();
    expect(events[0]).toBe('start a');
    expect(events).toContain('dropped b');
    expect(events.some((e) => e.startsWith('aborted a'))).toBe(true);
    expect(events.slice(-2)).toEqual(['start c', 'done c']);
    expect(events).not.toContain('start b');
  });

  test('different keys run concurrently up to the limit; close drains and refuses new jobs', async () => {
    let running = 0;
    let peak = 0;
    const q = new InProcessQueue<number>(async () => {
      running++;
      peak = Math.max(peak, running);
      await tick(20);
      running--;
    }, { concurrency: 2 });
    for (let i = 0; i < 5; i++) q.enqueue(`pr#${i}`, i);
    await q.close();
    expect(peak).toBe(2);
    expect(q.size).toEqual({ waiting: 0, running: 0, delayed: 0 });
    await expect(q.enqueue('pr#9', 9)).rejects.toThrow(/closed/);
  });

  test('a throwing processor is reported and does not stall the queue', async () => {
    const errors: unknown[] = [];
    const done: number[] = [];
    const q = new InProcessQueue<number>(async (n) => {
      if (n === 1) throw new Error('boom');
      done.push(n);
    }, { onError: (e) => errors.push(e) });
    q.enqueue('a', 1);
    q.enqueue('b', 2);
    await q.idle();
    expect(errors).toHaveLength(1);
    expect(done).toEqual([2]);
  });
});
