/**
 * Writers that keep what is written in memory: `io::Write` / `fmt::Write` into one never fails (a
 * growing buffer, a hash state), so `.write_all(..).unwrap()` on one cannot panic. The model
 * (src/model/infallible.ts) asks these for a receiver's type, and follows a crate's own `Write` impl
 * that hands its bytes to one of them.
 */

/** std buffers (last path segment of the type, before generics): `Vec<u8>` (io::Write), `String` (fmt::Write). */
export const IN_MEMORY_BUFFERS: readonly string[] = ['Vec', 'String', 'VecDeque'];

/** Hash states that implement `io::Write` by updating the digest (type path as written or imported). */
export const HASH_STATES: readonly string[] = [
  'md5::Context',
  'sha1::Sha1', 'sha2::Sha224', 'sha2::Sha256', 'sha2::Sha384', 'sha2::Sha512',
  'sha3::Sha3_256', 'sha3::Sha3_512', 'blake2::Blake2b512', 'blake2::Blake2s256', 'blake3::Hasher', 'crc32fast::Hasher',
];

/** The write methods of `io::Write` and `fmt::Write` whose `Result` is the writer's error. */
export const WRITE_METHODS: readonly string[] = ['write', 'write_all', 'write_fmt', 'write_str', 'write_char', 'flush'];

const buffers = new Set(IN_MEMORY_BUFFERS);
const hashStates = new Set(HASH_STATES);
const hashStateNames = new Set(HASH_STATES.map((p) => p.slice(p.lastIndexOf(':') + 1)));
const writeMethods = new Set(WRITE_METHODS);

/** A write method of `io::Write` / `fmt::Write`. */
export const isWriteMethod = (name: string): boolean => writeMethods.has(name);

/**
 * A type whose writes never fail: a std buffer by its name, a hash state by its path (`md5::Context`,
 * or `Sha256` when the path resolved through the file's imports ends in one the catalogue names).
 */
export function isInMemoryWriter(typePath: string): boolean {
  const bare = typePath.replace(/\s+/g, '').replace(/^&(mut)?/, '').split('<')[0]!.replace(/^::/, '').replace(/^(std|alloc)::(vec|string|collections)::/, '');
  if (buffers.has(bare)) return true;
  if (hashStates.has(bare)) return true;
  // A distinctive hash-state name alone (`Sha256`), not a generic one (`Context`, `Hasher`).
  return !bare.includes('::') && hashStateNames.has(bare) && !/^(Context|Hasher)$/.test(bare);
}

/** std's own types and the Write traits' methods: catalogue data, not framework API names (see index.ts). */
export const STD_VOCABULARY: readonly string[] = ['IN_MEMORY_BUFFERS', 'WRITE_METHODS'];
