/** `--format`: which renderer prints the result. */
import type { ReviewResult } from '../review/result.js';
import { renderGithubAnnotations } from '../report/github-annotations.js';
import { renderJson } from '../report/json.js';
import { renderRdjson } from '../report/rdjson.js';
import { renderText } from '../report/text.js';

export const FORMATS = ['text', 'json', 'sarif', 'rdjson', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** SARIF lists every rule: its renderer (and the rules) load only when asked for. */
export async function render(format: Format, result: ReviewResult, opts: { color: boolean; contents: ReadonlyMap<string, string>; version: string }): Promise<string> {
  switch (format) {
    case 'json':
      return `${renderJson(result)}\n`;
    case 'sarif':
      return `${(await import('../report/sarif.js')).renderSarif(result, opts.version)}\n`;
    case 'rdjson':
      return `${renderRdjson(result)}\n`;
    case 'github':
      return renderGithubAnnotations(result);
    case 'text':
      return renderText(result, { color: opts.color, contents: opts.contents });
  }
}
