/** What the thin handlers may do: queue a review, or run a short task off the webhook request. */
import type { ReviewJob } from './review-job.js';

export interface HandlerDeps {
  enqueue(job: ReviewJob): Promise<void>;
  /** `what` names the task in the error log (default: a command). */
  background(task: () => Promise<void>, what?: string): void;
}
