/**
 * The fields every review log line carries (Probot's pino logger, JSON in production): the webhook
 * delivery id, repository, pull request, trigger and attempt; the head sha is added once known, and
 * the final `review finished` line adds the outcome and duration.
 */
export interface ReviewLogInput {
  deliveryId: string;
  owner: string;
  repo: string;
  number: number;
  trigger: string;
  attempt?: number;
}

export function reviewLogFields(job: ReviewLogInput): Record<string, unknown> {
  return {
    delivery: job.deliveryId,
    repo: `${job.owner}/${job.repo}`,
    pr: job.number,
    trigger: job.trigger,
    attempt: job.attempt ?? 1,
  };
}
