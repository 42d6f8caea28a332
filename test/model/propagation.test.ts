import { beforeAll, describe, expect, it } from 'vitest';
import { fileFacts } from '../../src/model/index.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** Whether the call to `fetch(..)` in `body` (the body of `fn f() -> Result<T, E>`) hands its error to the caller. */
function propagates(body: string): boolean {
  const facts = fileFacts(parseRust(`fn f() -> Result<T, E> {\n${body}\n}\n`).rootNode, 'src/lib.rs');
  return !!facts.fns[0]!.calls.find((c) => c.written === 'fetch')!.propagates;
}

describe("a call's Result handed to the caller", () => {
  it('through a match whose Err arm passes the error on, as the tail, returned or returned from the arm', () => {
    expect(propagates('    match fetch() {\n        Ok(v) => Ok(v.id),\n        Err(e) => Err(e),\n    }')).toBe(true);
    expect(propagates('    match fetch() {\n        Ok(v) => Ok(v.id),\n        Err(err) => Err(err.into()),\n    }')).toBe(true);
    expect(propagates('    match fetch() {\n        Ok(v) => Ok(v.id),\n        Err(e) => Err(AppError::Remote(e)),\n    }')).toBe(true);
    expect(propagates('    let v = match fetch() {\n        Ok(v) => v,\n        Err(e) => return Err(e.into()),\n    };\n    Ok(v)')).toBe(true);
    expect(propagates('    return match fetch() {\n        Ok(v) => Ok(v),\n        Err(e) => { Err(e) }\n    };')).toBe(true);
  });
  it('not when the Err arm makes up another error or the error goes nowhere', () => {
    expect(propagates('    match fetch() {\n        Ok(v) => Ok(v.id),\n        Err(_) => Err(E::Missing),\n    }')).toBe(false);
    expect(propagates('    match fetch() {\n        Ok(v) => Ok(v.id),\n        Err(e) => Ok(fallback(e)),\n    }')).toBe(false);
    expect(propagates('    let v = match fetch() {\n        Ok(v) => v,\n        Err(e) => Default::default(),\n    };\n    Ok(v)')).toBe(false);
    expect(propagates('    match fetch() {\n        Ok(v) => Ok(v.id),\n        Err(e) => Err(e),\n    };\n    Ok(T)')).toBe(false);
  });
});
