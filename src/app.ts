/**
 * The GitHub App: Probot wiring only. Which events go to which handler; reviews run in a queue off
 * the webhook request (answered at once); SIGTERM drains the reviews in flight before exiting.
 *
 *   pull_request.{opened,reopened,synchronize,ready_for_review}  -> handlers/pull-request
 *   issue_comment.created (`/rust-review ...`)                   -> handlers/comment
 *   check_run.{rerequested,requested_action}, check_suite.rerequested -> handlers/check
 */
import type { ApplicationFunction, Probot } from 'probot';
import { onCheckRun, onCheckSuite } from './handlers/check.js';
import { onIssueComment } from './handlers/comment.js';
import type { HandlerDeps } from './handlers/deps.js';
import { onPullRequest } from './handlers/pull-request.js';
import { jobKey, runReviewJob, type CreateLlmPass, type ReviewJob } from './handlers/review-job.js';
import type { GitHub } from './github/octokit.js';
import { InProcessQueue, type ReviewProcessor, type ReviewQueue } from './queue/review-queue.js';
import { TaskTracker } from './queue/tasks.js';

export interface AppOptions {
  /** The LLM passes (issue 9): a factory called per review; none by default. */
  createLlmPass?: CreateLlmPass;
  /** The review queue; in-process by default (a BullMQ one can be passed for issue 10). */
  createQueue?: (processor: ReviewProcessor<ReviewJob>, probot: Probot) => ReviewQueue<ReviewJob>;
  /** Reviews running at once (default REVIEW_CONCURRENCY or 2). */
  concurrency?: number;
  /** Install SIGTERM/SIGINT handlers that drain the queue and exit (the default export does). */
  handleSignals?: boolean;
}

export interface RustReviewApp {
  appFn: ApplicationFunction;
  /** Resolves when no review or command task is pending. */
  idle(): Promise<void>;
  /** Stops taking reviews and waits for those in flight. */
  close(): Promise<void>;
}

export function createApp(options: AppOptions = {}): RustReviewApp {
  let queue: ReviewQueue<ReviewJob> | undefined;
  const tasks = new TaskTracker();

  const appFn: ApplicationFunction = (app) => {
    const processor: ReviewProcessor<ReviewJob> = (job, signal) =>
      runReviewJob(job, { octokitFor: async (id) => (await app.auth(id)) as GitHub, log: app.log, createLlmPass: options.createLlmPass }, signal);
    queue =
      options.createQueue?.(processor, app) ??
      new InProcessQueue(processor, {
        concurrency: options.concurrency ?? (Number(process.env.REVIEW_CONCURRENCY) || 2),
        onError: (err, key) => app.log.error({ err, pr: key }, 'review job failed'),
      });
    const q = queue;
    const deps: HandlerDeps = {
      enqueue: (job) => q.enqueue(jobKey(job), job),
      background: (task) => tasks.run(task, (err) => app.log.error({ err }, 'command failed')),
    };

    app.on(['pull_request.opened', 'pull_request.reopened', 'pull_request.synchronize', 'pull_request.ready_for_review'], async (context) => onPullRequest(context, deps));
    app.on('issue_comment.created', async (context) => onIssueComment(context, deps));
    app.on(['check_run.rerequested', 'check_run.requested_action'], async (context) => onCheckRun(context, deps));
    app.on('check_suite.rerequested', async (context) => onCheckSuite(context, deps));

    if (options.handleSignals) {
      const shutdown = (signal: string) => {
        app.log.info(`${signal}: finishing the reviews in flight before exiting`);
        void close().finally(() => process.exit(0));
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    }
  };

  const idle = async () => {
    // A command task may enqueue a review and a review never starts a task: tasks first, then the queue.
    await tasks.idle();
    await queue?.idle();
    await tasks.idle();
  };
  const close = async () => {
    await tasks.idle();
    await queue?.close();
  };
  return { appFn, idle, close };
}

/** `probot run ./dist/app.js` */
export default createApp({ handleSignals: true }).appFn;
