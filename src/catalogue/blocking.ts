/**
 * Blocking APIs and their async replacements (reference Appendix D), and CPU-heavy work (password
 * hashing, compression, image decoding, key generation). Free functions are matched on their
 * resolved path, so `tokio::fs::read` or `use tokio::fs;` never match `std::fs::read`.
 */

export type BlockingKind = 'sleep' | 'io' | 'http-blocking';

export interface BlockingApi {
  kind: BlockingKind;
  /** The async replacement, for the message. */
  alternative: string;
}

const FS_FUNCTIONS: readonly string[] = [
  'read', 'read_to_string', 'read_dir', 'write', 'copy', 'rename', 'remove_file', 'remove_dir', 'remove_dir_all',
  'create_dir', 'create_dir_all', 'metadata', 'symlink_metadata', 'canonicalize', 'hard_link', 'read_link',
  'set_permissions', 'exists',
];

const HTTP_ALTERNATIVE = 'an async HTTP client (`reqwest::Client`, `.send().await`)';

/** Blocking free functions by resolved path. */
export const BLOCKING_FUNCTIONS: Record<string, BlockingApi> = {
  'std::thread::sleep': { kind: 'sleep', alternative: 'tokio::time::sleep(..).await' },
  'std::fs::File::open': { kind: 'io', alternative: 'tokio::fs::File::open(..).await' },
  'std::fs::File::create': { kind: 'io', alternative: 'tokio::fs::File::create(..).await' },
  'std::fs::File::create_new': { kind: 'io', alternative: 'tokio::fs::File::create_new(..).await' },
  'std::io::copy': { kind: 'io', alternative: 'tokio::io::copy(..).await' },
  'std::net::TcpStream::connect': { kind: 'io', alternative: 'tokio::net::TcpStream::connect(..).await' },
  'std::net::TcpStream::connect_timeout': { kind: 'io', alternative: 'tokio::time::timeout(d, tokio::net::TcpStream::connect(..)).await' },
  'std::net::TcpListener::bind': { kind: 'io', alternative: 'tokio::net::TcpListener::bind(..).await' },
  'std::net::UdpSocket::bind': { kind: 'io', alternative: 'tokio::net::UdpSocket::bind(..).await' },
  // native-tls loads the system trust store from disk when a connector or acceptor is built.
  'native_tls::TlsConnector::new': { kind: 'io', alternative: 'building the connector once at start-up (or in `spawn_blocking`)' },
};
for (const f of FS_FUNCTIONS) BLOCKING_FUNCTIONS[`std::fs::${f}`] = { kind: 'io', alternative: `tokio::fs::${f}(..).await` };

/**
 * Memory-mapped files (memmap2, and memmap before it): the map is made to be read, and every page the
 * caller then touches is read from disk on its own thread (a page fault is a blocking read no
 * runtime sees). No async map exists: the work belongs in `spawn_blocking`.
 */
const MMAP_ALTERNATIVE = 'tokio::task::spawn_blocking (a mapped file\'s pages are read from disk on the thread that touches them)';
for (const crate of ['memmap2', 'memmap']) {
  for (const f of ['Mmap::map', 'MmapMut::map_mut']) BLOCKING_FUNCTIONS[`${crate}::${f}`] = { kind: 'io', alternative: MMAP_ALTERNATIVE };
}

/** Blocking free functions by pattern (whole crates' sync APIs). */
export const BLOCKING_PATTERNS: readonly [RegExp, BlockingApi][] = [
  [/^reqwest::blocking::/, { kind: 'http-blocking', alternative: 'the async `reqwest::Client` (`.send().await`)' }],
  [/^(ureq|attohttpc)::(get|post|put|patch|delete|head|request|request_url)$/, { kind: 'io', alternative: HTTP_ALTERNATIVE }],
  // isahc's plain functions are its synchronous API (the async ones end in `_async`).
  [/^isahc::(get|post|put|delete|head|send)$/, { kind: 'io', alternative: 'isahc\'s `*_async` functions (`isahc::get_async(..).await`)' }],
];

/** The crates of BLOCKING_FUNCTIONS (`std`, or `core` read as `std`) and PATTERNS. */
const BLOCKING_CRATES = /^(std|core|reqwest|ureq|attohttpc|isahc|native_tls|memmap2|memmap)::/;

/** A blocking free function by its resolved path. */
export function blockingFunction(fullPath: string): BlockingApi | null {
  if (!BLOCKING_CRATES.test(fullPath)) return null;
  const path = fullPath.replace(/^core::/, 'std::');
  if (BLOCKING_FUNCTIONS[path]) return BLOCKING_FUNCTIONS[path]!;
  for (const [pattern, api] of BLOCKING_PATTERNS) if (pattern.test(path)) return api;
  return null;
}

/**
 * Blocking methods recognised only with their chain root resolved: `std::process::Command::new(..)
 * .output()`, `std::fs::OpenOptions::new()..open(..)`, `std::io::stdin().read_line(..)`,
 * `native_tls::TlsConnector::builder()..build()`.
 */
export const BLOCKING_CHAINS: readonly { root: string; methods: RegExp; alternative: string }[] = [
  { root: 'std::process::Command::new', methods: /^(output|status|wait|wait_with_output)$/, alternative: 'tokio::process::Command (`.output().await`)' },
  { root: 'std::fs::OpenOptions::new', methods: /^open$/, alternative: 'tokio::fs::OpenOptions (`.open(..).await`)' },
  { root: 'std::fs::File::options', methods: /^open$/, alternative: 'tokio::fs::OpenOptions (`.open(..).await`)' },
  { root: 'std::io::stdin', methods: /^(read_line|read_to_string|lines|read_to_end)$/, alternative: 'tokio::io::stdin() with `AsyncBufReadExt`' },
  { root: 'std::thread::spawn', methods: /^join$/, alternative: 'tokio::task::spawn_blocking(..).await' },
  { root: 'native_tls::TlsConnector::builder', methods: /^build$/, alternative: 'building the connector once at start-up (or in `spawn_blocking`)' },
  { root: 'native_tls::TlsAcceptor::builder', methods: /^build$/, alternative: 'building the acceptor once at start-up (or in `spawn_blocking`)' },
  { root: 'memmap2::MmapOptions::new', methods: /^(map|map_mut|map_copy|map_copy_read_only)$/, alternative: MMAP_ALTERNATIVE },
];

/**
 * Blocking methods of library types, by the receiver type's path (the model resolves the receiver's
 * declared type through the `use` items, across the workspace's re-exports): LMDB allows one write
 * transaction per environment, so heed's `write_txn` (lmdb's `begin_rw_txn`) waits on a mutex until
 * any other writer commits or aborts, and `commit` writes and syncs the pages to disk. A read
 * transaction waits on nothing and is not listed.
 */
export const BLOCKING_METHODS: readonly { type: string; methods: RegExp; alternative: string }[] = [
  { type: 'heed::Env', methods: /^(write_txn|nested_write_txn|force_sync|copy_to_file|copy_to_path)$/, alternative: 'tokio::task::spawn_blocking (an LMDB write transaction waits for any other writer, then syncs to disk)' },
  { type: 'heed::RwTxn', methods: /^commit$/, alternative: 'tokio::task::spawn_blocking (an LMDB commit writes and syncs to disk)' },
  { type: 'lmdb::Environment', methods: /^(begin_rw_txn|sync)$/, alternative: 'tokio::task::spawn_blocking (an LMDB write transaction waits for any other writer, then syncs to disk)' },
  { type: 'lmdb::RwTransaction', methods: /^commit$/, alternative: 'tokio::task::spawn_blocking (an LMDB commit writes and syncs to disk)' },
];

/** Whether some library type's blocking method has this name (the cheap test before the receiver's type is asked). */
export const mayBeBlockingMethod = (method: string): boolean => BLOCKING_METHODS.some((b) => b.methods.test(method));

/** A blocking method of a library type (`heed::Env` + `write_txn`), with how to name it; null when it is not one. */
export function blockingMethod(typePath: string, method: string): { name: string; api: BlockingApi } | null {
  const m = BLOCKING_METHODS.find((b) => b.type === typePath && b.methods.test(method));
  return m ? { name: `${typePath}::${method}`, api: { kind: 'io', alternative: m.alternative } } : null;
}

/** Method names of BLOCKING_CHAINS, for a cheap test before a chain is walked. */
export const mayBeBlockingChainMethod = (method: string): boolean => BLOCKING_CHAINS.some((c) => c.methods.test(method));

/** The blocking chain a method call with this resolved chain root is, if any. */
export function blockingChain(rootPath: string, method: string): { name: string; api: BlockingApi } | null {
  for (const chain of BLOCKING_CHAINS) {
    if (rootPath === chain.root && chain.methods.test(method)) return { name: `${rootPath.replace(/::(new|builder)$/, '')}..${method}()`, api: { kind: 'io', alternative: chain.alternative } };
  }
  return null;
}

/** Known CPU-heavy free functions, by resolved path, with what they do (for the message). */
export const HEAVY_FUNCTIONS: readonly [RegExp, string][] = [
  [/^bcrypt::(hash|verify|hash_with_result|hash_with_salt|non_truncating_hash\w*|non_truncating_verify)$/, 'bcrypt password hashing'],
  [/^argon2::(hash_encoded|hash_raw|verify_encoded|verify_raw)$/, 'argon2 password hashing'],
  [/^scrypt::(scrypt|scrypt_simple|scrypt_check)$/, 'scrypt key derivation'],
  [/^pbkdf2::(pbkdf2|pbkdf2_hmac|pbkdf2_hmac_array|pbkdf2_array)$/, 'PBKDF2 key derivation'],
  [/^ring::pbkdf2::(derive|verify)$/, 'PBKDF2 key derivation'],
  [/^zstd::(encode_all|decode_all|stream::encode_all|stream::decode_all|bulk::compress|bulk::decompress)$/, 'zstd compression'],
  [/^flate2::(read|write|bufread)::(Gz|Zlib|Deflate|MultiGz)(Encoder|Decoder)::new$/, 'flate2 compression'],
  [/^brotli::(BrotliCompress|BrotliDecompress|CompressorWriter::new|CompressorReader::new)$/, 'brotli compression'],
  [/^image::(open|load|load_from_memory|load_from_memory_with_format|imageops::(resize|blur|thumbnail))$/, 'image decoding / resizing'],
  [/^rsa::RsaPrivateKey::new$/, 'RSA key generation'],
  [/^tera::Tera::one_off$/, 'Tera template rendering'],
];

/** The crates of HEAVY_FUNCTIONS: every pattern starts with one of them. */
const HEAVY_CRATES = /^(bcrypt|argon2|scrypt|pbkdf2|ring|zstd|flate2|brotli|image|rsa|tera)::/;

/** What a known CPU-heavy free function does, by resolved path; null when it is not one. */
export function cpuHeavyFunction(resolved: string): string | null {
  if (!HEAVY_CRATES.test(resolved)) return null;
  for (const [pattern, what] of HEAVY_FUNCTIONS) if (pattern.test(resolved)) return what;
  return null;
}

/**
 * CPU-heavy methods of library types, by the type's path: runtime template engines parse (`render_str`)
 * or walk a compiled template and serialise its whole context on every render, milliseconds for a
 * large page (docs.rs moved its Tera rendering into `spawn_blocking`). Compile-time engines (askama,
 * ructe, maud) generate plain string writes and are not listed.
 */
export const HEAVY_METHODS: readonly { type: string; methods: RegExp; what: string }[] = [
  { type: 'tera::Tera', methods: /^(render|render_str|render_to)$/, what: 'Tera template rendering' },
  { type: 'handlebars::Handlebars', methods: /^(render|render_template|render_with_context|render_template_with_context|render_to_write|render_template_to_write)$/, what: 'Handlebars template rendering' },
];

/** What a CPU-heavy method of a library type does (`tera::Tera` + `render`); null when it is not one. */
export function cpuHeavyMethod(typePath: string, method: string): string | null {
  return HEAVY_METHODS.find((m) => m.type === typePath && m.methods.test(method))?.what ?? null;
}

/** `password-hash` trait methods (argon2, scrypt, pbkdf2 hashers); CPU-heavy when the file uses a HASHER_CRATES crate. */
export const HASHER_METHODS = /^(hash_password|hash_password_into|hash_password_customized|verify_password)$/;
export const HASHER_CRATES: readonly string[] = ['argon2', 'password_hash', 'scrypt', 'pbkdf2'];

/** Text one of the CPU-heavy crates leaves in a file that uses it (for a rule's `requires`). */
export const CPU_HEAVY_CRATE_TEXT = /bcrypt|argon2|scrypt|pbkdf2|zstd|flate2|brotli|image|rsa|password_hash|tera|handlebars/;

/**
 * Calls that write a file (and so set its modification time): std's and tokio's. A test that sleeps
 * right before one orders two timestamps (an mtime strictly newer than an earlier one).
 */
export const FILE_WRITES: ReadonlySet<string> = new Set(
  ['write', 'copy', 'rename', 'File::create', 'File::create_new', 'OpenOptions::new', 'File::set_modified', 'File::set_times'].flatMap((f) => [`std::fs::${f}`, `tokio::fs::${f}`]),
);

/**
 * Stream copies: they block exactly as much as the reader and writer they join. Between in-memory
 * ends (a decoder over bytes into a buffer) the cost is the CPU work of the reader, which the
 * CPU-heavy entries above name; an async alternative (`tokio::io::copy`) is then the wrong advice.
 */
export const STREAM_COPY_FUNCTIONS: readonly string[] = ['std::io::copy'];
export const isStreamCopy = (resolved: string): boolean => STREAM_COPY_FUNCTIONS.includes(resolved);

/** Methods that block their caller on a std channel receiver or thread handle (`recv`, `join`) or a DNS lookup (`to_socket_addrs`): which receiver decides, so they are matched by name first and then by what the receiver was bound to. */
export const RECEIVER_BLOCKING_METHODS: readonly string[] = ['recv', 'recv_timeout', 'join', 'to_socket_addrs'];

/**
 * Constructors of std's blocking I/O handles that do no I/O themselves (a socket pair, an anonymous
 * pipe), so nothing flags them where they are made: reading or writing a handle they return
 * (`Read::bytes`, `read_exact`, `write_all`) waits on the other end, on the caller's thread. cap-std's
 * types are std's behind capabilities and block alike.
 */
export const BLOCKING_HANDLE_CONSTRUCTORS: readonly string[] = [
  'std::os::unix::net::UnixStream::pair',
  'std::os::unix::net::UnixDatagram::pair',
  'std::io::pipe',
  'os_pipe::pipe',
  'cap_std::os::unix::net::UnixStream::pair',
  'cap_std::os::unix::net::UnixDatagram::pair',
];

/** `std::io::Read` / `Write` (and a datagram socket's) methods that wait on the handle's other end. */
export const BLOCKING_HANDLE_METHODS: readonly string[] = [
  'read', 'read_exact', 'read_to_end', 'read_to_string', 'read_vectored', 'bytes',
  'write', 'write_all', 'write_vectored', 'write_fmt', 'flush', 'recv', 'send',
];

/** A method that blocks on a handle made by one of BLOCKING_HANDLE_CONSTRUCTORS (`constructor` resolved), with how to name it. */
export function blockingHandleMethod(constructor: string, method: string): { name: string; api: BlockingApi } | null {
  if (!BLOCKING_HANDLE_CONSTRUCTORS.includes(constructor) || !BLOCKING_HANDLE_METHODS.includes(method)) return null;
  const type = constructor.replace(/::(pair|pipe)$/, '').split('::').pop()!;
  const name = /::pipe$/.test(constructor) ? `std::io::${/^(write|flush|send)/.test(method) ? 'Write' : 'Read'}::${method}` : `${type}::${method}`;
  const alternative = /::pipe$/.test(constructor) ? 'tokio::net::unix::pipe' : `tokio::net::${type}::pair()`;
  return { name, api: { kind: 'io', alternative } };
}

/** Common words among the lists above (`recv`, `join`): vocabulary of std, not names of a library to look for in rules (see catalogue/index.ts). */
export const STD_VOCABULARY: readonly string[] = ['RECEIVER_BLOCKING_METHODS', 'STREAM_COPY_FUNCTIONS', 'BLOCKING_HANDLE_METHODS'];
