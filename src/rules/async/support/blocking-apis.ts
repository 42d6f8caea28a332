/**
 * Blocking APIs and their async replacements (reference Appendix D). Free functions are matched on
 * their resolved path, so `tokio::fs::read` or `use tokio::fs;` never match `std::fs::read`.
 */

export type BlockingKind = 'sleep' | 'io' | 'http-blocking';

export interface BlockingApi {
  kind: BlockingKind;
  /** The async replacement, for the message. */
  alternative: string;
}

const FS_FUNCTIONS = [
  'read', 'read_to_string', 'read_dir', 'write', 'copy', 'rename', 'remove_file', 'remove_dir', 'remove_dir_all',
  'create_dir', 'create_dir_all', 'metadata', 'symlink_metadata', 'canonicalize', 'hard_link', 'read_link',
  'set_permissions', 'exists',
];

const EXACT: Record<string, BlockingApi> = {
  'std::thread::sleep': { kind: 'sleep', alternative: 'tokio::time::sleep(..).await' },
  'std::fs::File::open': { kind: 'io', alternative: 'tokio::fs::File::open(..).await' },
  'std::fs::File::create': { kind: 'io', alternative: 'tokio::fs::File::create(..).await' },
  'std::fs::File::create_new': { kind: 'io', alternative: 'tokio::fs::File::create_new(..).await' },
  'std::io::copy': { kind: 'io', alternative: 'tokio::io::copy(..).await' },
  'std::net::TcpStream::connect': { kind: 'io', alternative: 'tokio::net::TcpStream::connect(..).await' },
  'std::net::TcpStream::connect_timeout': { kind: 'io', alternative: 'tokio::time::timeout(d, tokio::net::TcpStream::connect(..)).await' },
  'std::net::TcpListener::bind': { kind: 'io', alternative: 'tokio::net::TcpListener::bind(..).await' },
  'std::net::UdpSocket::bind': { kind: 'io', alternative: 'tokio::net::UdpSocket::bind(..).await' },
};
for (const f of FS_FUNCTIONS) EXACT[`std::fs::${f}`] = { kind: 'io', alternative: `tokio::fs::${f}(..).await` };

const PATTERNS: [RegExp, BlockingApi][] = [
  [/^reqwest::blocking::/, { kind: 'http-blocking', alternative: 'the async `reqwest::Client` (`.send().await`)' }],
  [/^(ureq|attohttpc)::(get|post|put|patch|delete|head|request|request_url)$/, { kind: 'io', alternative: 'an async HTTP client (`reqwest::Client`, `.send().await`)' }],
];

/** The crates of EXACT (`std`, or `core` read as `std`) and PATTERNS. */
const BLOCKING_CRATES = /^(std|core|reqwest|ureq|attohttpc)::/;

/** A blocking free function by its resolved path. */
export function blockingFunction(fullPath: string): BlockingApi | null {
  if (!BLOCKING_CRATES.test(fullPath)) return null;
  const path = fullPath.replace(/^core::/, 'std::');
  if (EXACT[path]) return EXACT[path]!;
  for (const [pattern, api] of PATTERNS) if (pattern.test(path)) return api;
  return null;
}

/**
 * Blocking methods recognised only with their chain root resolved: `std::process::Command::new(..)
 * .output()`, `std::fs::OpenOptions::new()..open(..)`, `std::io::stdin().read_line(..)`.
 */
export const BLOCKING_CHAINS: { root: string; methods: RegExp; alternative: string }[] = [
  { root: 'std::process::Command::new', methods: /^(output|status|wait|wait_with_output)$/, alternative: 'tokio::process::Command (`.output().await`)' },
  { root: 'std::fs::OpenOptions::new', methods: /^open$/, alternative: 'tokio::fs::OpenOptions (`.open(..).await`)' },
  { root: 'std::fs::File::options', methods: /^open$/, alternative: 'tokio::fs::OpenOptions (`.open(..).await`)' },
  { root: 'std::io::stdin', methods: /^(read_line|read_to_string|lines|read_to_end)$/, alternative: 'tokio::io::stdin() with `AsyncBufReadExt`' },
  { root: 'std::thread::spawn', methods: /^join$/, alternative: 'tokio::task::spawn_blocking(..).await' },
];
