import { describe, expect, it } from 'vitest';
import { ERROR_CONVERSION_METHODS, isErrorConversion, isValuePassingMethod, isMessageContextMethod, isMessageErrorMacroName, MESSAGE_ERROR_RESULTS, MESSAGE_ERROR_TYPES, UNWRAP_METHODS } from '../../src/catalogue/errors.js';
import { AWAITING_ADAPTERS, FINITE_STREAM_SOURCES, NEXT_ITEM_METHODS, PER_ITEM_ADAPTERS, PER_ITEM_WORK_ADAPTERS } from '../../src/catalogue/values.js';

describe('catalogue: Result plumbing (errors.ts)', () => {
  it('knows the error conversions of std, anyhow, eyre and futures', () => {
    for (const m of ['map_err', 'context', 'with_context', 'wrap_err', 'wrap_err_with', 'err_into']) expect(isErrorConversion(m), m).toBe(true);
    expect(isErrorConversion('unwrap')).toBe(false);
    expect(isErrorConversion('and_then')).toBe(false);
  });

  it('knows the message errors of anyhow and eyre: their Result aliases, error types, context methods and macros', () => {
    expect(MESSAGE_ERROR_RESULTS.has('anyhow::Result')).toBe(true);
    expect(MESSAGE_ERROR_RESULTS.has('std::io::Result')).toBe(false);
    expect(MESSAGE_ERROR_TYPES.has('eyre::Report')).toBe(true);
    // Every message-setting method also converts the error and passes the Result on.
    for (const m of ['context', 'with_context', 'wrap_err', 'wrap_err_with']) expect(isMessageContextMethod(m) && isErrorConversion(m), m).toBe(true);
    expect(isMessageContextMethod('map_err')).toBe(false);
    for (const m of ['bail', 'ensure', 'anyhow', 'eyre']) expect(isMessageErrorMacroName(m), m).toBe(true);
    expect(isMessageErrorMacroName('format')).toBe(false);
  });

  it('keeps unwrapping apart from converting', () => {
    for (const m of UNWRAP_METHODS) expect(ERROR_CONVERSION_METHODS.has(m), m).toBe(false);
    expect([...UNWRAP_METHODS]).toEqual(expect.arrayContaining(['unwrap', 'expect']));
  });
});

describe('catalogue: per-item adaptors (values.ts)', () => {
  it('the awaiting adaptors are per-item work adaptors', () => {
    for (const m of AWAITING_ADAPTERS) expect(PER_ITEM_WORK_ADAPTERS.has(m), m).toBe(true);
    expect(AWAITING_ADAPTERS.has('map')).toBe(false);
  });

  it('a predicate is per item but does no work to pass on', () => {
    expect(PER_ITEM_ADAPTERS.has('filter')).toBe(true);
    expect(PER_ITEM_WORK_ADAPTERS.has('filter')).toBe(false);
    expect(PER_ITEM_WORK_ADAPTERS.has('map_ok')).toBe(true);
  });
});

describe('catalogue: copies (values.ts)', () => {
  it('owned copies include the plain copies, and the hint matches each name', async () => {
    const { COPY_METHODS, OWNED_COPY_METHODS, mentionOf } = await import('../../src/catalogue/values.js');
    for (const m of COPY_METHODS) expect(OWNED_COPY_METHODS.has(m), m).toBe(true);
    const hint = mentionOf([...OWNED_COPY_METHODS, 'String::from']);
    for (const text of ['x.to_path_buf()', 'v.to_vec()', 'String::from(s)']) expect(hint.test(text), text).toBe(true);
    expect(hint.test('let n = 1;')).toBe(false);
  });
});

describe('catalogue: finite streams (values.ts)', () => {
  it('knows the sources that end (rows, bodies, lines, directories) and none that last (channels, listeners, intervals)', () => {
    for (const m of ['fetch', 'bytes_stream', 'lines', 'read_dir']) expect(FINITE_STREAM_SOURCES.has(m), m).toBe(true);
    for (const m of ['recv', 'accept', 'tick', 'subscribe', 'incoming']) expect(FINITE_STREAM_SOURCES.has(m), m).toBe(false);
  });

  it('pulls an item with next / try_next / next_line, never by receiving from a channel', () => {
    for (const m of ['next', 'try_next', 'next_line']) expect(NEXT_ITEM_METHODS.has(m), m).toBe(true);
    expect(NEXT_ITEM_METHODS.has('recv')).toBe(false);
  });
});

describe('methods that pass their receiver\'s value on', () => {
  it('out of a Result / Option, into a Result, or with the error converted; not a transformation of the value', () => {
    for (const m of ['unwrap', 'expect', 'ok_or', 'ok_or_else', 'map_err', 'context']) expect(isValuePassingMethod(m), m).toBe(true);
    for (const m of ['map', 'and_then', 'len', 'ok']) expect(isValuePassingMethod(m), m).toBe(false);
  });
});
