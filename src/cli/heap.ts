/**
 * The CLI's heap growth. A whole-tree review decodes each file's tree again for each change rule that
 * walks the tree (a review keeps a bounded number decoded, see ReviewTrees), and V8's default lets
 * that garbage grow the heap up to 4x what was live after the last full collection: 150 MB more on
 * lemmy. Bounded to 1.25x there, the peak RSS of a cold `review --all` of lemmy is under 300 MB
 * (issue 17). A pull request's heap is small, and the bound only makes it collect more often (7% of a
 * crates.io PR review's CPU), so it is left to V8's default.
 */
import { setFlagsFromString } from 'node:v8';

let bounded = false;

/**
 * Bounds the heap's growth for the rest of the process. The flag is read at each collection, so it
 * takes effect once the heap exists (the semi-space sizes cannot be changed this way); analysis
 * workers started after it get it too.
 */
export function boundHeapGrowthForWholeTree(): void {
  if (bounded) return;
  bounded = true;
  setFlagsFromString('--heap-growing-percent=25');
}
