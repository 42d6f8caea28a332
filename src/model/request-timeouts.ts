/**
 * Whether a crate bounds the requests it serves with a timeout layer (`.layer(TimeoutLayer::new(..))`,
 * catalogue/web.ts): code that runs while serving a request is then cancelled when the layer's
 * timeout fires, so an await there cannot wait forever, only until then. Computed once per crate.
 */
import { isRequestTimeoutLayer } from '../catalogue/web.js';
import type { CrateIndex } from './crate-index.js';

export interface RequestTimeoutLayer {
  /** The constructor as written (`TimeoutLayer::with_status_code`). */
  written: string;
  path: string;
  line: number;
}

const perIndex = new WeakMap<CrateIndex, Map<string, RequestTimeoutLayer | null>>();

/** The first timeout layer that production code of `crate` builds, or undefined when none. */
export function requestTimeoutLayer(index: CrateIndex, crate: string): RequestTimeoutLayer | undefined {
  let known = perIndex.get(index);
  if (!known) perIndex.set(index, (known = new Map()));
  if (!known.has(crate)) known.set(crate, find(index, crate));
  return known.get(crate) ?? undefined;
}

function find(index: CrateIndex, crate: string): RequestTimeoutLayer | null {
  for (const ref of index.fns) {
    if (ref.fn.test || index.crateOf(ref.file.path) !== crate) continue;
    const call = ref.fn.calls.find((c) => c.resolved !== undefined && isRequestTimeoutLayer(c.resolved));
    if (call) return { written: call.written ?? call.resolved!, path: ref.file.path, line: call.line };
  }
  return null;
}
