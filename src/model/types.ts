/** Types as written, seen through the wrappers around the type that matters. */

/** Smart pointers, references and extractors around the type a receiver really has. */
const WRAPPERS = /^(&|&mut|mut)$|^(Arc|Rc|Box|State|Data|Extension|web::Data|Option|Mutex|RwLock|MutexGuard)$/;

/** The named type inside wrappers: `&web::Data<AppState>` -> `AppState`, `Arc<DbConn>` -> `DbConn`. */
export function innerType(type: string): string | undefined {
  const names = type.match(/[A-Za-z_][\w]*(?:::[A-Za-z_]\w*)*/g) ?? [];
  for (const n of names) {
    const last = n.split('::').pop()!;
    if (WRAPPERS.test(n) || WRAPPERS.test(last) || n === 'mut' || n === 'dyn' || n === 'impl' || /^'/.test(n)) continue;
    return last;
  }
  return undefined;
}

