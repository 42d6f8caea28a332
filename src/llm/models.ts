/**
 * What the passes need to know about a model: the price (for the summary's estimate) and whether it takes
 * `output_config.effort`. Prices are USD per million tokens (Anthropic docs, Nov 2026); a 5-minute cache
 * write costs 1.25x the input price and a cache read 0.1x. Check them again before relying on the estimate.
 */
export interface ModelInfo {
  input: number;
  output: number;
  /** Accepts `output_config.effort` (the 5.x family). */
  effort: boolean;
  /** Deprecated by Anthropic (the SDK warns on every call). */
  deprecated?: string;
}

export const MODELS: Record<string, ModelInfo> = {
  'claude-sonnet-5-5': { input: 2, output: 10, effort: true },
  'claude-opus-5-5': { input: 4, output: 20, effort: true },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, effort: true },
  'claude-fable-5-1': { input: 10, output: 50, effort: true },
  'claude-sonnet-5': { input: 2, output: 10, effort: true },
  'claude-opus-5': { input: 5, output: 25, effort: true },
  'claude-haiku-4-5': { input: 1, output: 5, effort: false },
  'claude-opus-4-6': { input: 5, output: 25, effort: false },
  'claude-opus-4-5': { input: 5, output: 25, effort: false },
  'claude-sonnet-4-5': { input: 3, output: 15, effort: false, deprecated: 'end of life 2026-11-30' },
};

export const CACHE_WRITE_FACTOR = 1.25;
export const CACHE_READ_FACTOR = 0.1;

/** Dated ids (`claude-haiku-4-5-20251001`) share their family's entry. */
export function modelInfo(model: string): ModelInfo | undefined {
  return MODELS[model] ?? MODELS[model.replace(/-\d{8}$/, '')];
}

export interface Usage {
  input: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
}

export const emptyUsage = (): Usage => ({ input: 0, cacheWrite: 0, cacheRead: 0, output: 0 });

export function addUsage(into: Usage, u: Usage): void {
  into.input += u.input;
  into.cacheWrite += u.cacheWrite;
  into.cacheRead += u.cacheRead;
  into.output += u.output;
}

/** Estimated cost in USD, undefined for a model without a known price. */
export function costUsd(model: string, u: Usage): number | undefined {
  const m = modelInfo(model);
  if (!m) return undefined;
  return (u.input * m.input + u.cacheWrite * m.input * CACHE_WRITE_FACTOR + u.cacheRead * m.input * CACHE_READ_FACTOR + u.output * m.output) / 1e6;
}
