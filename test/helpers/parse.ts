/**
 * The parser a test hands to code that reads trees through the engine's (`ctx.parse`, the change
 * input's `parse`): the engine's own for a caller without a review, a fresh parse per call. Load the
 * parser first (`loadRustParser` in a `beforeAll`).
 */
import { changeParser } from '../../src/rules/engine.js';

export const parse = changeParser({});
