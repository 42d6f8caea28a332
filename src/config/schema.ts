/** `.github/rust-review.yml`: every key described (the descriptions feed the JSON Schema and README). */
import { z } from 'zod';
import { globSchema } from './glob.js';
import { PRESET_NAMES, PRESETS } from './presets.js';

const preset = z.enum(PRESET_NAMES).describe(PRESET_NAMES.map((n) => `\`${n}\`: ${PRESETS[n].description}`).join(' '));

const severity = z.enum(['error', 'warning', 'info']);

const ruleSetting = z.union([
  z.enum(['off', 'on']).describe('`off` disables the rule; `on` enables it with its default severity.'),
  severity.describe('Enable the rule with this severity.'),
  z
    .object({
      enabled: z.boolean().optional().describe('Whether the rule runs (default true).'),
      severity: severity.optional().describe('Severity override: error, warning or info.'),
      options: z.record(z.string(), z.unknown()).optional().describe("The rule's options (see its docs page)."),
    })
    .strict(),
]);

export const configSchema = z
  .object({
    extends: z
      .union([preset, z.array(preset)])
      .optional()
      .describe('Presets the config builds on; `clippy-complement` turns off every rule that mirrors a clippy lint (for teams that run clippy in CI). Entries under `rules` naming a rule still win.'),
    rules: z
      .record(z.string(), ruleSetting)
      .default({})
      .describe('Per rule (`async/lock-guard-across-await`) or per role (`ownership/*`): off, on, a severity, or { enabled, severity, options }.'),
    paths: z
      .object({
        include: z.array(globSchema).default(['**']).describe('Globs of files to review (default: everything).'),
        exclude: z.array(globSchema).default([]).describe('Globs of files never reviewed, e.g. `benches/**`.'),
      })
      .strict()
      .default({ include: ['**'], exclude: [] })
      .describe('Which files are reviewed.'),
    fail_on: z
      .enum(['error', 'warning', 'never'])
      .default('error')
      .describe('The check run fails when a finding at or above this severity is on a changed line; `never` only reports.'),
    filter: z
      .enum(['added', 'diff_context', 'file', 'none'])
      .default('added')
      .describe('Which findings become inline comments: on added lines, also on diff context lines, anywhere in a changed file, or all. The rest is counted in the summary.'),
    limits: z
      .object({
        max_file_bytes: z.number().int().positive().default(1_000_000).describe('Files larger than this are skipped (bytes).'),
        max_files: z.number().int().positive().default(3000).describe('At most this many changed files are reviewed.'),
        max_total_bytes: z.number().int().positive().default(20_000_000).describe('Stop reading files after this many bytes in total.'),
        parse_timeout_ms: z.number().int().positive().default(5000).describe('Time allowed to analyse one file.'),
        max_comments: z.number().int().nonnegative().default(50).describe('At most this many inline comments per review; the rest go to the summary.'),
      })
      .strict()
      .default({ max_file_bytes: 1_000_000, max_files: 3000, max_total_bytes: 20_000_000, parse_timeout_ms: 5000, max_comments: 50 })
      .describe('Bounds on the work one review does; hitting one is reported in the summary.'),
    review: z
      .object({
        event: z.enum(['COMMENT', 'REQUEST_CHANGES']).default('COMMENT').describe('The review event; REQUEST_CHANGES only when a finding fails the check.'),
        drafts: z.boolean().default(false).describe('Review draft pull requests too.'),
        skip_bots: z.boolean().default(false).describe('Skip pull requests opened by bots (dependabot, renovate). Off by default: anyone who can run a workflow can open a pull request as a bot, and a skipped check passes branch protection.'),
        on_error: z.enum(['failure', 'neutral']).default('failure').describe('Conclusion of the check run when the review itself cannot complete.'),
      })
      .strict()
      .default({ event: 'COMMENT', drafts: false, skip_bots: false, on_error: 'failure' })
      .describe('How the GitHub App posts.'),
    llm: z
      .object({
        enabled: z.boolean().default(true).describe('Run the LLM passes when ANTHROPIC_API_KEY is set.'),
        model: z.string().min(1).default('claude-sonnet-5-5').describe('Anthropic model id.'),
        budget_tokens: z.number().int().positive().default(400_000).describe('Input-token budget per pull request, counted as the summary reports input tokens (prompt-cache reads included; estimated before sending); files beyond it are listed as not reviewed by the LLM.'),
        min_confidence: z.number().min(0).max(1).default(0.7).describe('LLM findings below this confidence are dropped.'),
        max_severity: severity.default('warning').describe('The highest severity an LLM finding may have.'),
        affects_conclusion: z.boolean().default(false).describe('Whether LLM findings can fail the check run.'),
        effort: z.enum(['low', 'medium', 'high']).default('medium').describe('Reasoning effort asked of the model (`output_config.effort`, on models that take it); higher costs more output tokens.'),
        max_findings_per_pass: z.number().int().min(1).max(20).default(5).describe('At most this many findings from one role pass over one batch of files (the most confident are kept).'),
        timeout_seconds: z.number().int().min(10).max(1800).default(300).describe('Deadline for all LLM calls of one review, retries included; after it the review goes on with what it has.'),
      })
      .strict()
      .default({ enabled: true, model: 'claude-sonnet-5-5', budget_tokens: 400_000, min_confidence: 0.7, max_severity: 'warning', affects_conclusion: false, effort: 'medium', max_findings_per_pass: 5, timeout_seconds: 300 })
      .describe('The LLM-assisted passes (Anthropic).'),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type RuleSettingInput = z.infer<typeof ruleSetting>;
export type FilterMode = Config['filter'];

export const DEFAULT_CONFIG: Config = configSchema.parse({});
