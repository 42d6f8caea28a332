/**
 * The hidden marker that ties an inline comment to its finding across pushes. A pull request can put
 * any text into a comment body (code excerpts, suggestions), so a marker is believed only when it is
 * the last thing in a body written by the App, and carries a keyed hash (HMAC-SHA256) over the pull
 * request and the fingerprint: PR content can neither forge one nor reuse one from another pull request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fingerprintComment } from './fingerprint.js';

export interface MarkerSigner {
  /** `fp.mac` for a fingerprint on one pull request (`owner/repo#n`). */
  sign(scope: string, fingerprint: string): string;
  /** The fingerprint of a body whose last line is a valid marker for this pull request. */
  read(scope: string, body: string): string | undefined;
}

const MAC_HEX = 32;
const SIGNED_AT_END = /<!-- rust-review:fp=([0-9a-f]{8,64})\.([0-9a-f]{32}) -->\s*$/;

/** A signer keyed by a secret (derived once: the secret itself never reaches a body). */
export function markerSigner(secret: string): MarkerSigner {
  if (!secret) throw new Error('the fingerprint marker key is empty: set RUST_REVIEW_MARKER_SECRET or WEBHOOK_SECRET');
  const key = createHmac('sha256', secret).update('rust-review fingerprint marker v1').digest();
  const mac = (scope: string, fp: string) => createHmac('sha256', key).update(`${scope.toLowerCase()}\n${fp}`).digest('hex').slice(0, MAC_HEX);
  return {
    sign: (scope, fp) => `${fp}.${mac(scope, fp)}`,
    read(scope, body) {
      const m = SIGNED_AT_END.exec(body);
      if (!m) return undefined;
      const want = Buffer.from(mac(scope, m[1]!));
      const got = Buffer.from(m[2]!);
      return want.length === got.length && timingSafeEqual(want, got) ? m[1] : undefined;
    },
  };
}

export function pullScope(pr: { owner: string; repo: string; number: number }): string {
  return `${pr.owner}/${pr.repo}#${pr.number}`;
}

export { fingerprintComment };
