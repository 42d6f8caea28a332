/**
 * GitHub's API limits that shape requests, in one place (sources: ../shared/reference/probot-github.md §3).
 */

/** The check run's name: what branch protection requires. */
export const CHECK_NAME = 'rust-review';

/** Review comments per `pulls.createReview` request (no documented maximum; review tools keep to ~30). */
export const MAX_COMMENTS_PER_REVIEW = 30;

/** Annotations per `checks.create` / `checks.update` request (OpenAPI: `output.annotations.maxItems`). */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

/** Annotations per check run in total: more updates only add noise (the summary lists everything). */
export const MAX_ANNOTATIONS_TOTAL = 500;

/** Check run `output.summary` and `output.text` (OpenAPI: maxLength 65535). */
export const MAX_CHECK_TEXT = 65_535;

/** A review or issue comment body ("body is too long (maximum is 65536 characters)"). */
export const MAX_COMMENT_BODY = 65_536;

/** Annotation `message` and `raw_details` (64 KB) and `title` (255 characters). */
export const MAX_ANNOTATION_MESSAGE = 64 * 1024 - 1;
export const MAX_ANNOTATION_TITLE = 255;

/** Check run actions: at most 3; label 20, description 40, identifier 20 characters. */
export const MAX_ACTIONS = 3;

/** `pulls.listFiles`: at most 3,000 files, 100 per page. */
export const MAX_PR_FILES = 3000;
export const FILES_PER_PAGE = 100;

/** Blob aliases per GraphQL query (keeps each query well under GitHub's node and response limits). */
export const MAX_BLOBS_PER_QUERY = 100;

/** Review threads per GraphQL page; comments per thread looked at. */
export const THREADS_PER_PAGE = 100;
export const COMMENTS_PER_THREAD = 20;

/** Thread resolutions (reply + resolve) per GraphQL mutation request. */
export const MAX_RESOLUTIONS_PER_MUTATION = 25;

/** The "Re-run review" button. */
export const RERUN_ACTION = { label: 'Re-run review', description: 'Review this pull request again', identifier: 'rerun' } as const;
