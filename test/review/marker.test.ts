import { describe, expect, it } from 'vitest';
import { isOurBot } from '../../src/github/threads.js';
import { fingerprintComment } from '../../src/review/fingerprint.js';
import { markerSigner } from '../../src/review/marker.js';

const signer = markerSigner('secret');
const scope = 'acme/shop#7';
const signed = fingerprintComment(signer.sign(scope, '0123456789abcdef'));

describe('fingerprint markers', () => {
  it('are read back from the end of a body, for the pull request they were signed for', () => {
    expect(signer.read(scope, `body\n${signed}`)).toBe('0123456789abcdef');
    expect(signer.read('ACME/Shop#7', `body\n${signed}\n`)).toBe('0123456789abcdef');
  });
  it.each([
    ['unsigned (as PR code can write it)', `body\n${fingerprintComment('0123456789abcdef')}`],
    ['signed with another key', `body\n${fingerprintComment(markerSigner('other').sign(scope, '0123456789abcdef'))}`],
    ['copied from another pull request', `body\n${fingerprintComment(signer.sign('acme/shop#8', '0123456789abcdef'))}`],
    ['not at the end (quoted code, then our real marker missing)', `${signed}\nmore text`],
    ['a changed fingerprint under a valid mac', `body\n${signed.replace('0123', '9999')}`],
  ])('are refused when %s', (_, body) => {
    expect(signer.read(scope, body)).toBeUndefined();
  });
  it('only the last marker counts when code quoted a valid one earlier in the body', () => {
    const other = fingerprintComment(signer.sign(scope, 'ffffffffffffffff'));
    expect(signer.read(scope, `${other}\ntext\n${signed}`)).toBe('0123456789abcdef');
  });
});

describe('isOurBot', () => {
  it.each([
    [{ __typename: 'Bot', login: 'rust-review' }, true],
    [{ login: 'rust-review[bot]' }, true],
    [{ __typename: 'Bot', login: 'github-actions' }, false],
    [{ __typename: 'User', login: 'rust-review' }, false],
    [null, false],
  ])('%o -> %s', (author, ours) => {
    expect(isOurBot(author, 'rust-review')).toBe(ours);
  });
});
