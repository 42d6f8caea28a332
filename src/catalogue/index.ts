/**
 * The catalogue of framework knowledge: every name of a library API the rules and the model need,
 * written once, as data (DESIGN.md, "One catalogue of framework knowledge").
 *
 *   executor.ts   offloading APIs (spawn_blocking, block_in_place, interact, threads, rayon), runtime and test attributes
 *   blocking.ts   blocking APIs and their async replacements, native-tls builders, CPU-heavy work
 *   database.ts   sqlx, diesel, tokio-postgres query APIs, SQL safety opt-ins
 *   locks.ts      lock acquisitions and what their guards' methods do
 *   http.ts       HTTP clients, their timeout knobs, unbounded connects
 *   values.ts     what std methods and types do to a value (same value, a number, no value)
 *   environment.ts  APIs that change the process environment (std::env, figment's Jail)
 *   checks.ts     what checks something in a test: assertion macros, calls named as checks (predicates)
 *   web.ts        web frameworks: route attributes, extractors, routing calls, request traits, accept loops
 *   packages.ts   dependencies that say what a package builds: argument parsers, terminal UIs, frontends, servers
 *   time.ts       spans of time (`Duration::from_secs`), waits' bounds (`timeout`), clock reads (`Utc::now`)
 *   secrets.ts    how names name a secret (words, not APIs: kept out of the API-name count, as values.ts)
 *   naming.ts     how backends name their state, config, service and handle types, cheap fields, listing fns, test
 *                 helpers, ubiquitous fns and boilerplate endpoints (words, not APIs: kept out of the count, like secrets.ts)
 *   types.ts      std and ecosystem types by clone cost (pointers, handles, heavy containers) and thread safety
 *   effects.ts    calls with an effect beyond their result, and chain links that make collecting deliberate (std words: kept out too)
 *   layout.ts     crate roots, module files, router and state files (file names: kept out too)
 *   channels.ts   unbounded channel constructors (tokio, futures, crossbeam, flume, async-channel, kanal)
 *   tls.ts        TLS settings that switch certificate or host-name verification off
 *   io.ts         I/O whose failure is the outside world's, and awaits that are not I/O (joins, channels, timers)
 *   formats.ts    parsing external text (serde formats, ids, dates) and serialising our own values
 *   logging.ts    tracing / log macros and std's print macros
 *   writers.ts    writers that keep what is written in memory (std buffers, hash states): writing never fails
 *   services.ts   other services a backend calls (payments, mail, queues, HTTP): their clients' names, remote-call methods
 */
import * as blocking from './blocking.js';
import * as channels from './channels.js';
import * as checks from './checks.js';
import * as database from './database.js';
import * as environment from './environment.js';
import * as executor from './executor.js';
import * as formats from './formats.js';
import * as http from './http.js';
import * as io from './io.js';
import * as locks from './locks.js';
import * as logging from './logging.js';
import * as packages from './packages.js';
import * as services from './services.js';
import * as time from './time.js';
import * as tls from './tls.js';
import * as web from './web.js';
import * as writers from './writers.js';

// values.ts (std's own methods and types) is catalogue data too, but its names (`clone`, `iter`, `len`)
// are not framework APIs: counted here they would mark every rule's list of std methods as one.
// So are types.ts, effects.ts (std types and methods: `Arc`, `Key`, `push`, `send`), naming.ts, layout.ts
// and secrets.ts (words and file names: `State`, `main`, `token`).
const modules: Record<string, unknown>[] = [executor, blocking, database, locks, http, environment, checks, web, packages, services, time, logging, io, formats, tls, channels, writers];

/** Identifiers a value of the catalogue names (strings, sets, regex alternatives, nested data). */
function namesIn(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 4 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    for (const seg of value.split(/::|\.\./)) if (/^[A-Za-z_]\w{2,}$/.test(seg)) out.add(seg);
  } else if (value instanceof RegExp) {
    for (const m of value.source.matchAll(/[A-Za-z_]\w{2,}/g)) out.add(m[0]);
  } else if (value instanceof Set || Array.isArray(value)) {
    for (const v of value) namesIn(v, out, depth + 1);
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      namesIn(k, out, depth + 1);
      namesIn(v, out, depth + 1);
    }
  }
}

/** Every API name the catalogue holds (path segments and method names), for the "no name lists in rules" test. */
export function catalogueNames(): Set<string> {
  const out = new Set<string>();
  for (const m of modules) {
    const vocabulary = new Set((m.STD_VOCABULARY as readonly string[] | undefined) ?? []);
    for (const [name, v] of Object.entries(m)) if (typeof v !== 'function' && name !== 'STD_VOCABULARY' && !vocabulary.has(name)) namesIn(v, out);
  }
  return out;
}
