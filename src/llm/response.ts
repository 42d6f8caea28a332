/**
 * The structured output of one role pass: a JSON schema sent as `output_config.format` (constrained
 * decoding on current models; no forced tool_choice, which Sonnet 5.5 refuses) and the zod schema that
 * validates what comes back, item by item (the SDK validates nothing, and the API enforces neither ranges
 * nor lengths).
 */
import { z } from 'zod';

export const FINDINGS_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['findings'],
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line', 'quote', 'severity', 'message', 'rationale', 'fix', 'confidence'],
        properties: {
          path: { type: 'string', description: "The file path exactly as in the `## File: '...'` header." },
          line: { type: 'integer', description: "New-file line number of a '+' line from a __new hunk__." },
          quote: { type: 'string', description: 'The text of that line copied verbatim, without the line number and the +.' },
          severity: { type: 'string', enum: ['error', 'warning', 'info'] },
          message: { type: 'string', description: 'One specific sentence, at most 160 characters, no line numbers.' },
          rationale: { type: 'string', description: 'Why it is a problem: the concrete input or interleaving that triggers it.' },
          fix: { type: 'string', description: 'What to do instead, in one or two sentences.' },
          confidence: { type: 'number', description: 'Probability between 0 and 1 that a senior reviewer would agree.' },
        },
      },
    },
  },
} as const;

const rawFinding = z.object({
  path: z.string().trim().min(1),
  line: z.number().int().positive(),
  quote: z.string().min(1),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string().trim().min(1),
  rationale: z.string().default(''),
  fix: z.string().default(''),
  confidence: z.number().min(0).max(1),
});

export type RawFinding = z.infer<typeof rawFinding>;

export type ParsedResponse = { findings: RawFinding[]; invalid: number } | { error: string };

/** Parses the model's text. Invalid items are dropped and counted; unparseable output is an error. */
export function parseFindingsText(text: string): ParsedResponse {
  let json: unknown;
  try {
    json = JSON.parse(stripFences(text));
  } catch {
    return { error: 'the model returned malformed output (not JSON)' };
  }
  const top = z.object({ findings: z.array(z.unknown()) }).safeParse(json);
  if (!top.success) return { error: 'the model returned malformed output (no `findings` array)' };
  const findings: RawFinding[] = [];
  let invalid = 0;
  for (const item of top.data.findings) {
    const r = rawFinding.safeParse(item);
    if (r.success) findings.push(r.data);
    else invalid++;
  }
  return { findings, invalid };
}

function stripFences(text: string): string {
  const t = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n```$/.exec(t);
  return fenced ? fenced[1]! : t;
}
